import { csvCell } from '@lt/common';
import { Workbook } from 'exceljs';
import type { SummaryReport, SummaryRow } from './summary-figures';

/** The columns of the exported table, as the paper forms name them. */
export const SUMMARY_HEADERS = [
  'Đơn vị',
  'Được giao',
  'Hoàn thành đúng hạn',
  'Hoàn thành trễ hạn',
  'Đang thực hiện trong hạn',
  'Quá hạn',
  'Số lần đôn đốc',
  'Tỷ lệ đúng hạn',
  'Hồ sơ tiếp nhận',
  'Hồ sơ trả đúng hẹn',
  'Hồ sơ trả trễ hẹn',
  'Hồ sơ quá hạn',
  'Tỷ lệ hồ sơ đúng hẹn',
] as const;

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const monthLabel = (month: string) => `${month.slice(5)}/${month.slice(0, 4)}`;

/** `dd/mm/yyyy hh:mm`, Vietnam time. */
function vietnamDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** The table's lines: children, the unit's own tasks, then the total. */
function lines(report: SummaryReport): { label: string; row: SummaryRow; total: boolean }[] {
  return [
    ...report.rows.map((row) => ({
      label: row.scope === 'unit' ? `${row.unit.name} (trực tiếp)` : row.unit.name,
      row,
      total: false,
    })),
    { label: 'Tổng cộng', row: report.total, total: true },
  ];
}

const numbers = (r: SummaryRow) => [r.assigned, r.doneOnTime, r.doneLate, r.inProgress, r.overdue, r.urged];
const fileNumbers = ({ citizenFiles: f }: SummaryRow) => [f.received, f.onTime, f.late, f.overdue];

/** A file name without diacritics or separators: tong-hop-nhiem-vu_2026-01_2026-03.csv */
export function exportFileName(report: SummaryReport, extension: 'csv' | 'xlsx'): string {
  return `tong-hop-nhiem-vu_${report.period.from}_${report.period.to}.${extension}`;
}

/**
 * The table as CSV, the tasks' columns then the citizens' files': UTF-8 with a byte-order mark (Excel then reads the diacritics), comma
 * separated, CRLF line ends; the on-time rate as a percentage with one decimal ("87.5%").
 */
export function summaryCsv(report: SummaryReport): Buffer {
  const rate = (value: number | null) => (value === null ? '' : `${(value * 100).toFixed(1)}%`);
  const text = [
    SUMMARY_HEADERS.map(csvCell).join(','),
    ...lines(report).map(({ label, row }) =>
      [label, ...numbers(row), rate(row.onTimeRate), ...fileNumbers(row), rate(row.citizenFiles.onTimeRate)]
        .map(csvCell)
        .join(','),
    ),
  ].join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

/**
 * The table as an Excel workbook: a title, the period and the moment of the figures, then the
 * header on row 5 and one row per line; the rate is a number formatted as a percentage.
 */
export async function summaryXlsx(report: SummaryReport): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Liên Thông';
  workbook.created = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: 5 }] });
  sheet.columns = [{ width: 42 }, ...SUMMARY_HEADERS.slice(1).map(() => ({ width: 16 }))];
  sheet.addRow([`Bảng tổng hợp theo dõi nhiệm vụ — ${report.unit.name}`]).font = { bold: true, size: 14 };
  sheet.addRow([
    `Kỳ báo cáo: tháng ${monthLabel(report.period.from)} – tháng ${monthLabel(report.period.to)}`,
  ]);
  sheet.addRow([`Số liệu tại: ${vietnamDateTime(report.generatedAt)} (giờ Việt Nam)`]);
  sheet.addRow([]);
  const header = sheet.addRow([...SUMMARY_HEADERS]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const { label, row, total } of lines(report)) {
    const line = sheet.addRow([
      label,
      ...numbers(row),
      row.onTimeRate,
      ...fileNumbers(row),
      row.citizenFiles.onTimeRate,
    ]);
    line.getCell(8).numFmt = '0.0%';
    line.getCell(13).numFmt = '0.0%';
    if (total) line.font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
