import { actionLabel } from './evidence-labels';
import type { EvidenceSource } from './evidence-source';

export interface SummaryEvent {
  at: string;
  actor: string;
  action: string;
  note: string | null;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const when = (iso: string) =>
  new Date(iso).toLocaleString('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    dateStyle: 'short',
    timeStyle: 'medium',
  });

/**
 * The package's page for a person (tom-tat.html): one self-contained HTML file in Vietnamese
 * that opens offline and prints — what the item is, who did what and when, which signatures
 * prove it, and how to check the package.
 */
export function summaryHtml(
  source: EvidenceSource,
  context: {
    exportedAt: string;
    exportedBy: string;
    caFingerprint: string;
    events: SummaryEvent[];
    signatures: { file: string; label: string; signer: string; signedAt: string; contentSha256: string }[];
  },
): string {
  const rows = (cells: string[][]) =>
    cells.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Hồ sơ chứng cứ — ${escape(source.kind.vi)}: ${escape(source.title)}</title>
<style>
body { font: 14px/1.5 "Times New Roman", serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999; padding: .25rem .5rem; vertical-align: top; text-align: left; }
code { font-size: .85rem; word-break: break-all; }
</style>
</head>
<body>
<p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p>
<h1>HỒ SƠ CHỨNG CỨ<br>${escape(source.kind.vi)}: ${escape(source.title)}</h1>
<p>Trích xuất lúc ${escape(when(context.exportedAt))} bởi ${escape(context.exportedBy)} (Evidence package, ${escape(source.kind.en.toLowerCase())} ${escape(source.subject.id)}).</p>
<h2>1. Thông tin</h2>
<table>${rows(source.facts.map(([label, value]) => [label, value]))}</table>
<h2>2. Diễn biến (${context.events.length} sự kiện, theo thời gian)</h2>
<table><tr><th>Thời gian</th><th>Người thực hiện</th><th>Thao tác</th><th>Ghi chú</th></tr>
${rows(context.events.map((e) => [when(e.at), e.actor, actionLabel(e.action), e.note ?? '']))}</table>
<h2>3. Chữ ký số (${context.signatures.length})</h2>
<table><tr><th>Tệp</th><th>Nội dung ký</th><th>Người ký</th><th>Thời điểm ký</th><th>SHA-256 nội dung</th></tr>
${context.signatures.map((s) => `<tr><td><code>${escape(s.file)}</code></td><td>${escape(s.label)}</td><td>${escape(s.signer)}</td><td>${escape(when(s.signedAt))}</td><td><code>${escape(s.contentSha256)}</code></td></tr>`).join('\n')}</table>
<h2>4. Kiểm tra hồ sơ</h2>
<p>Mọi tệp trong hồ sơ được liệt kê với mã SHA-256 trong <code>SHA256SUMS</code>, do tổ chức cấp chứng thư của hệ thống ký (<code>SHA256SUMS.sig</code>). Dấu vân tay SHA-256 của chứng thư tổ chức cấp: <code>${escape(context.caFingerprint)}</code> — đối chiếu với chứng thư công bố của hệ thống. Cách kiểm tra trên máy khác, không cần Liên Thông: xem <code>README.txt</code>.</p>
<p>Every file is listed with its SHA-256 in SHA256SUMS, signed by the deployment's CA; see README.txt to verify offline.</p>
</body>
</html>
`;
}
