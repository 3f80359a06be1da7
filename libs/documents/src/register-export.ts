import { csvCell } from '@lt/common';
import { Workbook } from 'exceljs';
import type { DocumentDirection } from './document.entity';
import type { DocumentSummary } from './documents.service';

type RegisterRow = DocumentSummary & { signerName: string | null; recipients: string | null };

const PRIORITY = ['Thường', 'Khẩn', 'Thượng khẩn', 'Hỏa tốc', 'Hỏa tốc hẹn giờ'];
const vnDate = (iso: string | null) => (iso ? iso.slice(0, 10).split('-').reverse().join('/') : '');
const vnDateTime = (iso: string | null) =>
  iso ? vnDate(new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString()) : '';

/**
 * The columns of the registers the decree keeps on paper (Decree 30/2020/NĐ-CP, Appendix IV:
 * sổ đăng ký văn bản đến / đi), in that order.
 */
const COLUMNS: Record<
  DocumentDirection,
  { header: string; width: number; value: (r: RegisterRow) => string | number }[]
> = {
  incoming: [
    { header: 'Số đến', width: 8, value: (r) => r.registerNumber },
    { header: 'Ngày đến', width: 12, value: (r) => vnDateTime(r.arrivalDate) },
    { header: 'Tác giả (cơ quan ban hành)', width: 30, value: (r) => r.organName },
    { header: 'Số, ký hiệu', width: 18, value: (r) => `${r.codeNumber}/${r.codeNotation}` },
    { header: 'Ngày tháng văn bản', width: 12, value: (r) => vnDate(r.issuedDate) },
    { header: 'Tên loại và trích yếu nội dung', width: 60, value: (r) => `${r.typeName}: ${r.subject}` },
    { header: 'Độ khẩn', width: 12, value: (r) => PRIORITY[r.priority] ?? '' },
    { header: 'Hạn xử lý', width: 12, value: (r) => vnDateTime(r.dueDate) },
    { header: 'Người nhận (trình)', width: 24, value: (r) => r.routedTo?.fullName ?? '' },
    { header: 'Ghi chú', width: 20, value: (r) => (r.duplicateOf ? 'Trùng số, ký hiệu' : '') },
  ],
  outgoing: [
    { header: 'Số, ký hiệu văn bản', width: 18, value: (r) => `${r.codeNumber}/${r.codeNotation}` },
    { header: 'Ngày tháng văn bản', width: 12, value: (r) => vnDate(r.issuedDate) },
    { header: 'Tên loại và trích yếu nội dung', width: 60, value: (r) => `${r.typeName}: ${r.subject}` },
    { header: 'Người ký', width: 24, value: (r) => r.signerName ?? '' },
    { header: 'Nơi nhận văn bản', width: 40, value: (r) => r.recipients ?? '' },
    { header: 'Độ khẩn', width: 12, value: (r) => PRIORITY[r.priority] ?? '' },
    { header: 'Ghi chú', width: 20, value: () => '' },
  ],
};

/** CSV in UTF-8 with a byte-order mark, so Excel shows the diacritics. */
export function registerCsv(direction: DocumentDirection, rows: RegisterRow[]): Buffer {
  const columns = COLUMNS[direction];
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function registerXlsx(direction: DocumentDirection, rows: RegisterRow[]): Promise<Buffer> {
  const book = new Workbook();
  const sheet = book.addWorksheet(direction === 'incoming' ? 'Sổ văn bản đến' : 'Sổ văn bản đi');
  const columns = COLUMNS[direction];
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  return Buffer.from(await book.xlsx.writeBuffer());
}
