/**
 * The attachment types government offices exchange (Decree 30 documents are PDF or office
 * formats; scans are images), recognised from their first bytes and their extension
 * together: a renamed executable is neither a PDF nor a DOCX.
 */
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

interface Kind {
  extensions: string[];
  contentType: string;
  magic?: number[];
  text?: true;
}

const KINDS: Kind[] = [
  { extensions: ['pdf'], contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { extensions: ['png'], contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  {
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
  },
  {
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: ZIP,
  },
  { extensions: ['odt'], contentType: 'application/vnd.oasis.opendocument.text', magic: ZIP },
  { extensions: ['ods'], contentType: 'application/vnd.oasis.opendocument.spreadsheet', magic: ZIP },
  { extensions: ['doc'], contentType: 'application/msword', magic: OLE },
  { extensions: ['xls'], contentType: 'application/vnd.ms-excel', magic: OLE },
  { extensions: ['txt'], contentType: 'text/plain; charset=utf-8', text: true },
];

export const ALLOWED_EXTENSIONS = KINDS.flatMap((k) => k.extensions);

/** The content type of an allowed attachment, or null when it is not one. */
export function detectContentType(fileName: string, content: Buffer): string | null {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const kind = KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) return null;
  if (kind.magic) return kind.magic.every((byte, i) => content[i] === byte) ? kind.contentType : null;
  // Plain text: valid UTF-8 without NUL bytes.
  if (content.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return kind.contentType;
  } catch {
    return null;
  }
}

/** A name safe to store and to send back in Content-Disposition: no paths, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}"]/gu, '')
    .trim();
  return (cleaned || 'tep-dinh-kem').slice(-200);
}
