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

function show(file: FileStatus): void {
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
    show(body);
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
