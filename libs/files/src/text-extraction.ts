import JSZip from 'jszip';
import mammoth from 'mammoth';
import { Worker } from 'node:worker_threads';

/** The most text kept per file for search: enough for any administrative document. */
export const MAX_EXTRACTED_CHARS = 200_000;

/**
 * The text an attachment carries, for search (Decree 30/2020: "tìm kiếm theo nội dung"): PDF
 * (pdf-parse, in a worker thread), DOCX (mammoth), ODT (its content.xml, through jszip), plain text. Null when the
 * type carries none (images, spreadsheets) or the file cannot be read — an upload never fails
 * for its text.
 */
export async function extractText(contentType: string, content: Buffer): Promise<string | null> {
  try {
    const text = await extract(contentType, content);
    if (text === null) return null;
    const normal = text.replace(/\s+/g, ' ').trim();
    return normal.length > 0 ? normal.slice(0, MAX_EXTRACTED_CHARS) : null;
  } catch {
    return null;
  }
}

async function extract(contentType: string, content: Buffer): Promise<string | null> {
  switch (contentType) {
    case 'application/pdf':
      return (await pdfText(content))?.replace(/-- \d+ of \d+ --/g, ' ') ?? null;
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return (await mammoth.extractRawText({ buffer: content })).value;
    case 'application/vnd.oasis.opendocument.text': {
      const zip = await JSZip.loadAsync(content);
      const xml = await zip.file('content.xml')?.async('string');
      return xml
        ? decodeEntities(xml.replace(/<text:(p|h|line-break|tab|s)\b[^>]*>/g, ' ').replace(/<[^>]+>/g, ''))
        : null;
    }
    case 'text/plain':
    case 'text/plain; charset=utf-8':
      return content.toString('utf8');
    default:
      return null;
  }
}

/** Longest a PDF may take to read: a pathological file gives no text rather than a stuck upload. */
const PDF_TIMEOUT_MS = 20_000;

/** Runs pdf-parse in a worker thread: reading a PDF is CPU work the API's event loop should not do. */
const PDF_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.module);
const parser = new PDFParse({ data: workerData.data });
parser.getText()
  .then((result) => parentPort.postMessage({ text: result.text }))
  .catch((error) => parentPort.postMessage({ error: String(error) }))
  .finally(() => parser.destroy());
`;

function pdfText(content: Buffer): Promise<string | null> {
  return new Promise((resolve) => {
    const worker = new Worker(PDF_WORKER, {
      eval: true,
      workerData: { module: require.resolve('pdf-parse'), data: new Uint8Array(content) },
    });
    const done = (text: string | null) => {
      clearTimeout(timer);
      resolve(text);
      void worker.terminate();
    };
    const timer = setTimeout(() => done(null), PDF_TIMEOUT_MS);
    worker.once('message', (message: { text?: string }) => done(message.text ?? null));
    worker.once('error', () => done(null));
  });
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
