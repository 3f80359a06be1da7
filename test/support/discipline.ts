import type { TaskSummary } from '@lt/tasks';
import { assignment, assignOk, Signer } from './signing';
import type { SignedIn, TestApp } from './test-app';
import { actOnTask } from './decisions';

const HOUR = 3_600_000;

/**
 * A task late twice, through the real workflow: signed by `assigner`, accepted by `lead`,
 * its deadline passed (moved back in the database), explained and apologised for, extended
 * by the assigner, and its new deadline passed again — a discipline case. The second
 * lateness is recorded by `markSecond` (the worker) when given, else by the lead filing its
 * explanation at once (which also opens the case).
 */
export async function taskLateTwice(
  t: TestApp,
  input: {
    assigner: Signer;
    lead: { unitId: string; userId?: string };
    leadActor: SignedIn;
    title?: string;
    markSecond?: () => Promise<unknown>;
  },
): Promise<{ task: TaskSummary; caseId: string }> {
  const { assigner, leadActor } = input;
  const act = async (who: SignedIn, id: string, action: string, body: Record<string, unknown>) => {
    const res = await actOnTask(t, who, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as TaskSummary).version;
  };
  const passDeadline = (id: string) =>
    t.ds.query("UPDATE tasks SET deadline = now() - interval '1 minute' WHERE id = $1", [id]);
  const task = await assignOk(
    t,
    assigner,
    assignment(assigner, input.lead, input.title ? { title: input.title } : {}),
  );
  let v = await act(leadActor, task.id, 'accept', { version: 1 });
  await passDeadline(task.id);
  v = await act(leadActor, task.id, 'explanation', {
    version: v,
    explanation: 'Lần 1: chờ số liệu của tổ dân phố nên chưa kịp tổng hợp.',
    apology: 'Kính gửi đồng chí, tôi xin lỗi vì để nhiệm vụ trễ hạn lần thứ nhất.',
  });
  v = await act(leadActor, task.id, 'extension', {
    version: v,
    deadline: new Date(Date.now() + 48 * HOUR).toISOString(),
    reason: 'Xin thêm 2 ngày để hoàn thiện số liệu.',
  });
  v = await act(assigner.who, task.id, 'extension/approve', { version: v });
  await passDeadline(task.id);
  if (input.markSecond) await input.markSecond();
  else
    await act(leadActor, task.id, 'explanation', {
      version: v,
      explanation: 'Lần 2: số liệu phải đối chiếu lại với công an phường.',
      apology: 'Tôi nghiêm túc xin lỗi vì trễ hạn lần thứ hai và xin rút kinh nghiệm.',
    });
  const [kase]: { id: string }[] = await t.ds.query('SELECT id FROM discipline_cases WHERE subject_id = $1', [
    task.id,
  ]);
  if (!kase) throw new Error('no discipline case was opened');
  return { task, caseId: kase.id };
}
