/**
 * The feedback mailbox page (hòm thư góp ý, phản ánh): no account, no framework. It sends a
 * message to a unit with a one-stop counter (POST /public/feedback) and shows the code and PIN
 * to keep; with them, it reads the message and the leader's answer (GET /public/feedback/:code).
 */
import './lookup.css';

const sendForm = document.getElementById('send-form') as HTMLFormElement;
const readForm = document.getElementById('read-form') as HTMLFormElement;
const sent = document.getElementById('sent')!;
const message = document.getElementById('message')!;
const result = document.getElementById('result')!;
const field = (form: HTMLFormElement, name: string) =>
  form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;

const when = (iso: string) =>
  new Date(iso).toLocaleString('vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  });

function el(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json()) as T & { message?: { vi: string } };
  if (!response.ok) throw new Error(body.message?.vi ?? 'Không thực hiện được, vui lòng thử lại.');
  return body;
}

void call<{ id: string; name: string }[]>('/public/feedback/units')
  .then((units) => {
    const select = field(sendForm, 'unitId') as HTMLSelectElement;
    for (const u of units) select.append(new Option(u.name, u.id));
  })
  .catch((e: Error) => (sent.textContent = e.message));

sendForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(sendForm);
  const value = (name: string) => ((data.get(name) as string | null) ?? '').trim() || undefined;
  sent.textContent = 'Đang gửi…';
  void call<{ code: string; pin: string; dueAt: string }>('/public/feedback', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      unitId: value('unitId'),
      kind: value('kind'),
      about: value('about'),
      text: value('text') ?? '',
      contactName: value('contactName'),
      contactPhone: value('contactPhone'),
    }),
  })
    .then((r) => {
      sendForm.reset();
      sent.replaceChildren(
        el('strong', `Đã gửi. Mã phản ánh: ${r.code} · Mã tra cứu: ${r.pin}`, 'sent-code'),
        el('span', ` — hãy ghi lại để xem trả lời (hạn trả lời ${when(r.dueAt)}).`),
      );
      field(readForm, 'ma').value = r.code;
      field(readForm, 'pin').value = r.pin;
    })
    .catch((e: Error) => (sent.textContent = e.message));
});

readForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = field(readForm, 'ma').value.trim();
  const pin = field(readForm, 'pin').value.trim();
  message.textContent = 'Đang tra cứu…';
  result.hidden = true;
  void call<{
    unit: string;
    text: string;
    receivedAt: string;
    dueAt: string;
    answer: string | null;
    answeredAt: string | null;
  }>(`/public/feedback/${encodeURIComponent(code)}?pin=${encodeURIComponent(pin)}`)
    .then((f) => {
      message.textContent = '';
      result.replaceChildren(
        el('p', `Gửi ${f.unit}, ngày ${when(f.receivedAt)}`),
        el('p', f.text, 'quoted'),
        f.answer
          ? el('p', `Trả lời (${when(f.answeredAt!)}): ${f.answer}`, 'answer')
          : el('p', `Chưa có trả lời; hạn trả lời ${when(f.dueAt)}.`, 'pause'),
      );
      result.hidden = false;
    })
    .catch((e: Error) => (message.textContent = e.message));
});
