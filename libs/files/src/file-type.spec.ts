import { cleanFileName, detectContentType } from './file-type';

describe('detectContentType', () => {
  it('recognises allowed kinds by extension and first bytes together', () => {
    expect(detectContentType('Chi thi 29.pdf', Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(detectContentType('scan.JPG', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectContentType('kehoach.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]))).toContain(
      'wordprocessingml',
    );
    expect(detectContentType('ghichu.txt', Buffer.from('Tiến độ tuần này', 'utf8'))).toBe(
      'text/plain; charset=utf-8',
    );
  });

  it('refuses renamed or unknown content', () => {
    expect(detectContentType('virus.pdf', Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(detectContentType('setup.exe', Buffer.from('MZ'))).toBeNull();
    expect(detectContentType('noextension', Buffer.from('%PDF-'))).toBeNull();
    expect(detectContentType('binary.txt', Buffer.from([0x41, 0x00, 0x42]))).toBeNull();
    expect(detectContentType('latin1.txt', Buffer.from([0xe9, 0x41]))).toBeNull();
  });
});

describe('cleanFileName', () => {
  it('drops paths and control characters and keeps Vietnamese', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\tmp\\Báo cáo "tuần".pdf')).toBe('Báo cáo tuần.pdf');
    expect(cleanFileName('\u0000')).toBe('tep-dinh-kem');
  });
});
