/**
 * The citizen's lookup page (tra cứu hồ sơ): no account, no framework — a few kilobytes for an
 * old phone on a slow connection. It asks GET /public/one-stop/files/:code?pin= and shows where
 * the file stands; the receipt's QR code opens it with both filled in.
 */
import './lookup.css';

const STATES: Record<string, string> = {
  received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết',
  awaiting_papers: 'Chờ bổ sung hồ sơ',
  done: 'Đã có kết quả, mời nhận',
  returned: 'Đã trả kết quả',
};

interface FileStatus {
  code: string;
  unit: string;
  procedure: { code: string; name: string };
  state: string;
  receivedAt: string;
  appointmentAt: string;
  steps: { name: string; unit: string; dueDay: string; done: boolean }[];
  pauseReason: string | null;
  mayRate: boolean;
  apologies: { number: number; missedAppointment: string; apology: string; newAppointmentAt: string }[];
}

const form = document.getElementById('lookup-form') as HTMLFormElement;
const message = document.getElementById('message')!;
const result = document.getElementById('result')!;
const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;

const when = (iso: string) =>
  new Date(iso).toLocaleString('vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
const day = (d: string) => d.split('-').reverse().join('/');

/** Text into an element, never markup: the answer is data. */
function el(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const QUESTIONS: [string, string][] = [
  ['timeliness', 'Giải quyết đúng hẹn'],
  ['attitude', 'Thái độ của cán bộ'],
  ['guidance', 'Hướng dẫn rõ ràng, dễ hiểu'],
  ['overall', 'Mức độ hài lòng chung'],
];
const SCORES = [
  '1 — Rất không hài lòng',
  '2 — Không hài lòng',
  '3 — Bình thường',
  '4 — Hài lòng',
  '5 — Rất hài lòng',
];

/** The satisfaction survey, once the result is handed back: one response per file. */
function survey(code: string, pin: string): HTMLElement {
  const box = el('form', undefined, 'survey');
  box.append(el('h3', 'Đánh giá mức độ hài lòng'));
  for (const [name, label] of QUESTIONS) {
    const wrap = el('label', label);
    const select = document.createElement('select');
    select.name = name;
    select.required = true;
    select.append(new Option('— Chọn —', ''));
    SCORES.forEach((text, i) => select.append(new Option(text, String(i + 1))));
    wrap.append(select);
    box.append(wrap);
  }
  const comment = el('label', 'Ý kiến thêm (không bắt buộc)');
  const text = document.createElement('textarea');
  text.name = 'comment';
  text.maxLength = 1000;
  comment.append(text);
  const send = el('button', 'Gửi đánh giá');
  (send as HTMLButtonElement).type = 'submit';
  const said = el('p', '', 'said');
  said.setAttribute('role', 'status');
  box.append(comment, send, said);
  box.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(box as HTMLFormElement);
    const scores = Object.fromEntries(QUESTIONS.map(([name]) => [name, Number(data.get(name))]));
    said.textContent = 'Đang gửi…';
    void fetch(`/public/one-stop/files/${encodeURIComponent(code)}/rating`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pin, scores, comment: (data.get('comment') as string | null) || undefined }),
    })
      .then(async (response) => {
        if (response.ok) {
          box.replaceChildren(el('p', 'Cảm ơn Ông/Bà đã đánh giá.', 'thanks'));
          return;
        }
        const body = (await response.json()) as { message?: { vi: string } };
        said.textContent = body.message?.vi ?? 'Không gửi được, vui lòng thử lại.';
      })
      .catch(() => (said.textContent = 'Không kết nối được máy chủ, vui lòng thử lại.'));
  });
  return box;
}

function show(file: FileStatus, pin: string): void {
  result.replaceChildren(
    el('h2', `${file.procedure.name}`),
    el('p', `Mã hồ sơ: ${file.code}`),
    el('p', `Nơi tiếp nhận: ${file.unit}`),
    el('p', `Tình trạng: ${STATES[file.state] ?? file.state}`, `state state-${file.state}`),
    el('p', `Ngày tiếp nhận: ${when(file.receivedAt)}`),
    el('p', `Ngày hẹn trả kết quả: ${when(file.appointmentAt)}`, 'appointment'),
  );
  if (file.pauseReason) result.append(el('p', `Cần bổ sung: ${file.pauseReason}`, 'pause'));
  const steps = el('ol', undefined, 'steps');
  for (const s of file.steps)
    steps.append(el('li', `${s.done ? '✓ ' : ''}${s.name} — ${s.unit} (hạn ${day(s.dueDay)})`));
  result.append(el('h3', 'Các bước giải quyết'), steps);
  // The unit's apology letters when it missed the appointment (thư xin lỗi, hẹn lại ngày trả).
  for (const a of file.apologies) {
    const letter = el('section', undefined, 'apology');
    letter.append(
      el('h3', `Thư xin lỗi (trễ hẹn lần ${a.number}, hẹn cũ ${when(a.missedAppointment)})`),
      el('p', a.apology),
      el('p', `Hẹn lại ngày trả kết quả: ${when(a.newAppointmentAt)}`, 'appointment'),
    );
    result.append(letter);
  }
  if (file.mayRate) result.append(survey(file.code, pin));
  result.hidden = false;
}

async function lookUp(code: string, pin: string): Promise<void> {
  message.textContent = 'Đang tra cứu…';
  result.hidden = true;
  try {
    const response = await fetch(
      `/public/one-stop/files/${encodeURIComponent(code.trim())}?pin=${encodeURIComponent(pin.trim())}`,
    );
    const body = (await response.json()) as FileStatus & { message?: { vi: string } };
    if (!response.ok) {
      message.textContent = body.message?.vi ?? 'Không tra cứu được, vui lòng thử lại.';
      return;
    }
    message.textContent = '';
    show(body, pin.trim());
  } catch {
    message.textContent = 'Không kết nối được máy chủ, vui lòng thử lại.';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void lookUp(field('ma').value, field('pin').value);
});

const params = new URLSearchParams(location.search);
if (params.get('ma')) {
  field('ma').value = params.get('ma')!;
  field('pin').value = params.get('pin') ?? '';
  if (field('pin').value) void lookUp(field('ma').value, field('pin').value);
}
