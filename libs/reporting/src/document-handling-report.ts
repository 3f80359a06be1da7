import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { AccessService, Actor, roleGrants } from '@lt/access';
import { AppError, csvCell } from '@lt/common';
import { DocumentReads, HandlingCounts } from '@lt/documents';
import { OrgTreeService } from '@lt/org';
import { Workbook } from 'exceljs';
import { resolvePeriod } from './report-period';

export interface HandlingRow extends Omit<HandlingCounts, 'unitId'> {
  unit: { id: string; name: string };
}

export interface HandlingReport {
  unit: { id: string; name: string };
  period: { from: string; to: string };
  generatedAt: string;
  /** The unit's own registers first, then each unit under it, by the tree. */
  rows: HandlingRow[];
  total: Omit<HandlingRow, 'unit'>;
}

/** The columns, as a paper report names them. */
const COLUMNS: [keyof Omit<HandlingCounts, 'unitId'>, string][] = [
  ['incoming', 'Văn bản đến'],
  ['fromUnits', 'Trong đó liên thông'],
  ['handledOnTime', 'Đã xử lý đúng hạn'],
  ['handledLate', 'Đã xử lý quá hạn'],
  ['waiting', 'Đang xử lý trong hạn'],
  ['overdue', 'Quá hạn chưa xử lý'],
  ['outgoing', 'Văn bản đi'],
  ['signedHere', 'Trong đó ký số'],
  ['recipientsAccepted', 'Nơi nhận đã tiếp nhận'],
  ['recipientsRefused', 'Nơi nhận từ chối'],
  ['recipientsWaiting', 'Nơi nhận chưa tiếp nhận'],
  ['recalled', 'Thu hồi'],
];

/**
 * The report on how incoming and outgoing documents were handled (báo cáo tình hình tiếp nhận,
 * xử lý văn bản, Decree 30/2020 Appendix VI), per unit of a subtree and period of months,
 * with CSV and XLSX exports like the task summary. For those who read the unit's registers.
 */
@Injectable()
export class DocumentHandlingReport {
  constructor(
    private readonly access: AccessService,
    private readonly tree: OrgTreeService,
    private readonly documents: DocumentReads,
  ) {}

  async report(
    actor: Actor,
    query: { unitId?: string; from?: string; to?: string },
    now = new Date(),
  ): Promise<HandlingReport> {
    const period = resolvePeriod(query.from, query.to, now);
    const unitId =
      query.unitId ?? actor.principal.positions.find((p) => roleGrants(p.role, 'document.read'))?.unitId;
    if (!unitId) throw new AppError('access/forbidden', { permission: 'document.read' });
    await this.access.require(actor.principal, 'document.read', unitId);
    // The subtree the reader reaches: a unit-reach reader sees their own unit only.
    const { units } = await this.readableSubtree(actor, unitId);
    const counts = await this.documents.handlingCounts(
      units.map((u) => u.id),
      period.start,
      period.end,
      now,
    );
    const byUnit = new Map(counts.map((c) => [c.unitId, c]));
    const rows = units.map((u) => {
      const { unitId: _unitId, ...figures } = byUnit.get(u.id)!;
      return { unit: { id: u.id, name: u.name }, ...figures };
    });
    const total = Object.fromEntries(
      COLUMNS.map(([key]) => [key, rows.reduce((sum, r) => sum + r[key], 0)]),
    ) as HandlingReport['total'];
    return {
      unit: { id: units[0].id, name: units[0].name },
      period: { from: period.from, to: period.to },
      generatedAt: now.toISOString(),
      rows,
      total,
    };
  }

  private async readableSubtree(actor: Actor, unitId: string) {
    const subtree = await this.tree.subtree(unitId);
    const grants = await this.access.grantsFor(
      actor.principal,
      'document.read',
      subtree.map((u) => u.id),
    );
    return { units: subtree.filter((u) => u.id === unitId || grants.has(u.id)) };
  }
}

export function handlingCsv(report: HandlingReport): Buffer {
  const line = (label: string, r: Omit<HandlingRow, 'unit'>) =>
    [label, ...COLUMNS.map(([key]) => r[key])].map(csvCell).join(',');
  const text = [
    ['Đơn vị', ...COLUMNS.map(([, header]) => header)].map(csvCell).join(','),
    ...report.rows.map((r) => line(r.unit.name, r)),
    line('Tổng cộng', report.total),
  ].join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}

export async function handlingXlsx(report: HandlingReport): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.creator = 'Liên Thông';
  const sheet = workbook.addWorksheet('Xử lý văn bản', { views: [{ state: 'frozen', ySplit: 4 }] });
  sheet.columns = [{ width: 40 }, ...COLUMNS.map(() => ({ width: 14 }))];
  sheet.addRow([`Tình hình tiếp nhận, xử lý văn bản — ${report.unit.name}`]).font = { bold: true, size: 14 };
  sheet.addRow([`Kỳ báo cáo: ${report.period.from} – ${report.period.to}`]);
  sheet.addRow([]);
  const header = sheet.addRow(['Đơn vị', ...COLUMNS.map(([, h]) => h)]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of report.rows) sheet.addRow([r.unit.name, ...COLUMNS.map(([key]) => r[key])]);
  sheet.addRow(['Tổng cộng', ...COLUMNS.map(([key]) => report.total[key])]).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

class HandlingFiguresDto implements Omit<HandlingCounts, 'unitId'> {
  @ApiProperty({ description: 'Văn bản đến registered in the period' }) incoming: number;
  @ApiProperty({ description: 'Of those, handled (annotated) by their due date or with none' })
  handledOnTime: number;
  @ApiProperty({ description: 'Handled after their due date' }) handledLate: number;
  @ApiProperty({ description: 'Not handled, within their due date' }) waiting: number;
  @ApiProperty({ description: 'Not handled, past their due date' }) overdue: number;
  @ApiProperty({ description: 'Received from units of the deployment' }) fromUnits: number;
  @ApiProperty({ description: 'Văn bản đi numbered in the period' }) outgoing: number;
  @ApiProperty({ description: 'Of those, signed here' }) signedHere: number;
  @ApiProperty() recipientsAccepted: number;
  @ApiProperty() recipientsRefused: number;
  @ApiProperty() recipientsWaiting: number;
  @ApiProperty() recalled: number;
}

class HandlingUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class HandlingRowDto extends HandlingFiguresDto implements HandlingRow {
  @ApiProperty({ type: HandlingUnitDto }) unit: HandlingUnitDto;
}

class HandlingPeriodDto {
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
}

export class HandlingReportDto implements HandlingReport {
  @ApiProperty({ type: HandlingUnitDto }) unit: HandlingUnitDto;
  @ApiProperty({ type: HandlingPeriodDto }) period: HandlingPeriodDto;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [HandlingRowDto] }) rows: HandlingRowDto[];
  @ApiProperty({ type: HandlingFiguresDto }) total: HandlingFiguresDto;
}
