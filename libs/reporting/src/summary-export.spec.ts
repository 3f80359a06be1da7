import { summaryCsv } from './summary-export';
import { citizenFileFigures, SummaryReport, SummaryRow, summaryFigures } from './summary-figures';

const row = (name: string, scope: SummaryRow['scope'], counts: Parameters<typeof summaryFigures>[0]) => ({
  unit: { id: name, name, kind: 'ward' as const },
  scope,
  ...summaryFigures(counts),
  citizenFiles: citizenFileFigures({ received: 3, onTime: 1, late: 1, inTime: 1, overdue: 0 }),
});

describe('summary CSV', () => {
  const report: SummaryReport = {
    unit: { id: 'd', name: 'Quận Một', kind: 'district' },
    period: { from: '2026-01', to: '2026-03', start: '', end: '' },
    generatedAt: '2026-03-31T10:00:00.000Z',
    rows: [
      row('=HYPERLINK("x")', 'subtree', { doneOnTime: 1, doneLate: 0, open: 0, overdue: 0, urged: 0 }),
      row('Phường "Mới", tổ 2', 'subtree', { doneOnTime: 0, doneLate: 0, open: 2, overdue: 0, urged: 2 }),
      row('Quận Một', 'unit', { doneOnTime: 2, doneLate: 1, open: 1, overdue: 1, urged: 1 }),
    ],
    total: row('Quận Một', 'subtree', { doneOnTime: 3, doneLate: 1, open: 3, overdue: 1, urged: 3 }),
  };

  it('keeps text that looks like a formula as text, quotes what needs quoting, and rates in percent', () => {
    const text = summaryCsv(report).subarray(3).toString('utf8');
    expect(text.split('\r\n')).toEqual([
      'Đơn vị,Được giao,Hoàn thành đúng hạn,Hoàn thành trễ hạn,Đang thực hiện trong hạn,Quá hạn,Số lần đôn đốc,Tỷ lệ đúng hạn,' +
        'Hồ sơ tiếp nhận,Hồ sơ trả đúng hẹn,Hồ sơ trả trễ hẹn,Hồ sơ quá hạn,Tỷ lệ hồ sơ đúng hẹn',
      `"'=HYPERLINK(""x"")",1,1,0,0,0,0,100.0%,3,1,1,0,50.0%`,
      '"Phường ""Mới"", tổ 2",2,0,0,2,0,2,,3,1,1,0,50.0%',
      'Quận Một (trực tiếp),4,2,1,0,1,1,50.0%,3,1,1,0,50.0%',
      'Tổng cộng,7,3,1,2,1,3,60.0%,3,1,1,0,50.0%',
      '',
    ]);
  });
});
