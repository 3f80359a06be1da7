import { foldVietnamese, snippet } from './fold';

describe('foldVietnamese', () => {
  it('takes the marks off one character at a time, keeping positions', () => {
    const text = 'Báo cáo TIẾN ĐỘ đường Lê Đức Thọ';
    expect(foldVietnamese(text)).toBe('bao cao tien do duong le duc tho');
    expect(foldVietnamese(text)).toHaveLength(text.length);
    // Decomposed input (some Windows input methods) folds the same.
    expect(foldVietnamese('tiến độ'.normalize('NFD'))).toBe('tien do');
  });

  it('cuts a snippet around the first matching word', () => {
    const long = `${'Mở đầu dài dòng. '.repeat(30)}Kết quả tiến độ giải phóng mặt bằng đạt 80%.`;
    const cut = snippet(long, 'tien do', 60);
    expect(cut).toContain('tiến độ');
    expect(cut.startsWith('…')).toBe(true);
    expect(snippet('Ngắn gọn', 'khong co')).toBe('Ngắn gọn');
  });
});
