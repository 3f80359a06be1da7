import { csvCell } from '@lt/common';
import type { OneStopFiguresDto } from '@lt/one-stop';
import { Workbook } from 'exceljs';

type Figures = OneStopFiguresDto;
type FileRow = Figures['rows'][number];
type VoiceRow = Figures['voice'][number];

/** The files' table, as a one-stop counter's report names its columns. */
const FILE_COLUMNS: [string, (r: FileRow) => string | number][] = [
  ['Đơn vị', (r) => r.unit.name],
  ['Mã thủ tục', (r) => r.procedure.code],
  ['Thủ tục hành chính', (r) => r.procedure.name],
  ['Hồ sơ tiếp nhận', (r) => r.received],
  ['Trả đúng hẹn', (r) => r.onTime],
  ['Trả trễ hẹn', (r) => r.late],
  ['Đang giải quyết trong hạn', (r) => r.inTime],
  ['Quá hạn', (r) => r.overdue],
  ['Yêu cầu bổ sung hồ sơ', (r) => r.returnedForPapers],
];

const score = (value: number | null) => value ?? '';

/** The citizens' voice: the survey's averages (1–5) and the feedback mailbox. */
const VOICE_COLUMNS: [string, (r: VoiceRow) => string | number][] = [
  ['Đơn vị', (r) => r.unit.name],
  ['Phiếu khảo sát', (r) => r.ratings],
  ['Điểm đúng hẹn', (r) => score(r.averages.timeliness)],
  ['Điểm thái độ', (r) => score(r.averages.attitude)],
  ['Điểm hướng dẫn', (r) => score(r.averages.guidance)],
  ['Điểm hài lòng chung', (r) => score(r.averages.overall)],
  ['Góp ý, phản ánh nhận', (r) => r.feedback],
  ['Trả lời đúng hạn', (r) => r.answeredOnTime],
  ['Trả lời trễ hạn', (r) => r.answeredLate],
  ['Chờ trả lời trong hạn', (r) => r.waiting],
  ['Quá hạn trả lời', (r) => r.overdue],
];

const totalLine = (f: Figures) => [
  'Tổng cộng',
  '',
  '',
  f.total.received,
  f.total.onTime,
  f.total.late,
  f.total.inTime,
  f.total.overdue,
  f.total.returnedForPapers,
];

const day = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

/** hs-mot-cua_2026-11-01_2026-12-01.csv: the period's first and last (exclusive) day, Vietnam time. */
export function oneStopFileName(f: Figures, extension: 'csv' | 'xlsx'): string {
  return `hs-mot-cua_${day(f.from)}_${day(f.to)}.${extension}`;
}

/**
 * The counter's figures as CSV (UTF-8 with BOM, CRLF, like the summary): the files per unit and
 * procedure with their total, an empty line, then the citizens' voice per unit.
 */
export function oneStopCsv(f: Figures): Buffer {
  const line = (cells: (string | number)[]) => cells.map(csvCell).join(',');
  const text = [
    line(FILE_COLUMNS.map(([h]) => h)),
    ...f.rows.map((r) => line(FILE_COLUMNS.map(([, v]) => v(r)))),
    line(totalLine(f)),
    '',
    line(VOICE_COLUMNS.map(([h]) => h)),
    ...f.voice.map((r) => line(VOICE_COLUMNS.map(([, v]) => v(r)))),
  ].join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

/** The same as a workbook: a sheet of files and a sheet of the citizens' voice. */
export async function oneStopXlsx(f: Figures, unitName: string): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Liên Thông';
  const period = `Hồ sơ tiếp nhận từ ${day(f.from)} đến trước ${day(f.to)}`;
  const sheet = (name: string, title: string, headers: string[]) => {
    const s = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 4 }] });
    s.columns = [{ width: 36 }, ...headers.slice(1).map(() => ({ width: 16 }))];
    s.addRow([`${title} — ${unitName}`]).font = { bold: true, size: 14 };
    s.addRow([period]);
    s.addRow([]);
    const header = s.addRow(headers);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    return s;
  };
  const files = sheet(
    'Hồ sơ',
    'Tình hình giải quyết hồ sơ một cửa',
    FILE_COLUMNS.map(([h]) => h),
  );
  for (const r of f.rows) files.addRow(FILE_COLUMNS.map(([, v]) => v(r)));
  files.addRow(totalLine(f)).font = { bold: true };
  const voice = sheet(
    'Hài lòng, góp ý',
    'Mức độ hài lòng và góp ý, phản ánh',
    VOICE_COLUMNS.map(([h]) => h),
  );
  for (const r of f.voice) voice.addRow(VOICE_COLUMNS.map(([, v]) => v(r)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
