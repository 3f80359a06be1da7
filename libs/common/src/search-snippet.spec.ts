import { foldVietnamese, searchSnippet } from './search-snippet';

const briefingSnippet = (text: string, query: string, width = 500) => searchSnippet(text, query, width);

describe('searchSnippet', () => {
  const filler = (n: number) => 'Tổng hợp số liệu chung của các phường. '.repeat(n);

  it('gives a short text whole, as written', () => {
    expect(briefingSnippet('Tiến độ giải phóng mặt bằng', 'tien do')).toBe('Tiến độ giải phóng mặt bằng');
  });

  it('cuts a long text around the first query word it holds, marks and case aside', () => {
    const text = `${filler(40)}Hoàn thiện hồ sơ Kè Chắn Sóng Mân Thái. ${filler(20)}`;
    const cut = briefingSnippet(text, 'ke chan song');
    expect(cut).toContain('Kè Chắn Sóng Mân Thái');
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(502);
    // Cut at spaces: whole words at both ends.
    expect(text).toContain(cut.slice(1, -1));
    expect(text.charAt(text.indexOf(cut.slice(1, -1)) - 1)).toMatch(/\s/);
  });

  it('finds whole words only, skips excluded words and OR, and reads phrases', () => {
    const text = `${filler(30)}đông đúc ${filler(30)}đê biển Đà Nẵng ${filler(10)}`;
    // "do" is not inside "đông"; "-dong" and OR are not looked for.
    expect(briefingSnippet(text, '"de bien" -dong or')).toContain('đê biển Đà Nẵng');
    expect(briefingSnippet(text, 'dong')).toContain('đông đúc');
  });

  it('keeps the match in view at the very end of the text, and starts at the top without one', () => {
    const text = `${filler(40)}cuối cùng là kiến nghị`;
    expect(briefingSnippet(text, 'kien nghi').endsWith('kiến nghị')).toBe(true);
    const none = briefingSnippet(text, 'khongco');
    expect(none.startsWith('Tổng hợp')).toBe(true);
    expect(none.endsWith('…')).toBe(true);
  });

  it('matches decomposed input the same as composed', () => {
    const text = `${filler(40)}${'tiến độ chậm'.normalize('NFD')} ${filler(5)}`;
    expect(briefingSnippet(text, 'TIẾN ĐỘ')).toContain('tiến độ chậm');
  });
});

describe('foldVietnamese', () => {
  it('takes the marks off one character at a time, keeping positions', () => {
    const text = 'Báo cáo TIẾN ĐỘ đường Lê Đức Thọ';
    expect(foldVietnamese(text)).toBe('bao cao tien do duong le duc tho');
    expect(foldVietnamese(text)).toHaveLength(text.length);
  });

  it('matches whole words only: "do" is not found inside "dòng"', () => {
    const long = `${'Mở đầu dài dòng. '.repeat(30)}Kết quả tiến độ giải phóng mặt bằng đạt 80%.`;
    expect(searchSnippet(long, 'tien do', 60)).toContain('tiến độ');
  });
});
