import type { TaskSummary } from '@lt/tasks';
import { actOnTask, signedDecision, signerFor } from './support/decisions';
import { verifyBundleOffline } from './support/offline-verify';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import { buildOrg, codeOf, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

interface Bundle {
  purpose: string;
  canonical: string;
  signature: string;
  [field: string]: string;
}

interface Signatures {
  assignment: Bundle;
  decisions: { action: string; signatureId: string; signer: { id: string }; bundle: Bundle }[];
}

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const contentOf = (bundle: Bundle) =>
  JSON.parse(Buffer.from(bundle.canonical, 'base64').toString('utf8')) as Record<string, unknown>;

/**
 * Every decision on a task is signed like the assignment (issue 18 point 3): the lead's accept,
 * return, reports, extension requests and final report; the assigner's extension decisions,
 * reopening, completion and cancellation. Each signature is verified by the server before
 * anything changes, listed with the task, and verifies with openssl alone.
 */
describe('signed decisions (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let chair: SignedIn;
  let d1: Signer;
  let wardLeader: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    wardLeader = await person(t, [{ unit: org.w1, role: 'leader' }]);
    other = await person(t, [{ unit: org.w1, role: 'deputy_leader' }]);
    d1 = await enrol(t, chair);
  });
  afterAll(() => t.close());

  const assignToWard = (title: string) =>
    assignOk(t, d1, assignment(d1, { unitId: org.w1.id }, { title, deadline: later(3) }));
  const detail = async (id: string) =>
    (await t.http().get(`/tasks/${id}`).set(chair.auth).expect(200)).body as TaskSummary;
  const act = (who: SignedIn, id: string, path: string, body: Record<string, unknown> = {}) =>
    actOnTask(t, who, id, path, body);
  const versionAfter = async (sent: PromiseLike<{ body: unknown }>) =>
    ((await sent).body as TaskSummary).version;

  it('signs each decision of a whole workflow; every bundle names its task and action and verifies with openssl', async () => {
    const task = await assignToWard(`Rà soát hộ nghèo ${Date.now()}`);
    let v = await versionAfter(act(wardLeader, task.id, 'accept', { version: 1 }).expect(200));
    v = await versionAfter(
      act(wardLeader, task.id, 'reports', { version: v, percent: 30, text: 'Đã rà soát 3/10 tổ.' }).expect(
        200,
      ),
    );
    v = await versionAfter(
      act(wardLeader, task.id, 'extension', {
        version: v,
        deadline: later(6),
        reason: 'Chờ số liệu.',
      }).expect(200),
    );
    v = await versionAfter(
      act(chair, task.id, 'extension/refuse', { version: v, note: 'Đề nghị lại.' }).expect(200),
    );
    v = await versionAfter(
      act(wardLeader, task.id, 'extension', { version: v, deadline: later(7), reason: 'Lần 2.' }).expect(200),
    );
    v = await versionAfter(act(chair, task.id, 'extension/approve', { version: v }).expect(200));
    v = await versionAfter(act(wardLeader, task.id, 'submit', { version: v, text: 'Đã xong.' }).expect(200));
    v = await versionAfter(
      act(chair, task.id, 'reopen', { version: v, reason: 'Bổ sung danh sách tổ 7.' }).expect(200),
    );
    v = await versionAfter(
      act(wardLeader, task.id, 'submit', { version: v, text: 'Đã bổ sung.' }).expect(200),
    );
    await act(chair, task.id, 'complete', { version: v }).expect(200);

    const signatures = (await t.http().get(`/tasks/${task.id}/signatures`).set(wardLeader.auth).expect(200))
      .body as Signatures;
    expect(signatures.assignment.purpose).toBe('task.assign');
    expect(signatures.decisions.map((d) => [d.action, d.signer.id])).toEqual([
      ['accept', wardLeader.id],
      ['report', wardLeader.id],
      ['request_extension', wardLeader.id],
      ['refuse_extension', chair.id],
      ['request_extension', wardLeader.id],
      ['approve_extension', chair.id],
      ['submit', wardLeader.id],
      ['reopen', chair.id],
      ['submit', wardLeader.id],
      ['complete', chair.id],
    ]);
    for (const { action, bundle } of signatures.decisions) {
      expect(bundle.purpose).toBe(`task.${action}`);
      expect(contentOf(bundle)).toMatchObject({
        kind: 'lien-thong/decision@1',
        subject: { type: 'task', id: task.id },
        action,
      });
      // docs/signing.md's openssl commands where installed (CI), Node's OpenSSL otherwise.
      expect(verifyBundleOffline(bundle)).toMatchObject({
        chainValid: true,
        signatureValid: true,
        tamperedValid: false,
      });
    }
    // What was signed is what was stored: the report's text, the deadline asked for.
    expect(contentOf(signatures.decisions[1].bundle)).toMatchObject({
      percent: 30,
      text: 'Đã rà soát 3/10 tổ.',
    });
    // The audit entry of each decision names its signature.
    const audited: { action: string; signature_id: string }[] = await t.ds.query(
      `SELECT action, after->>'signatureId' AS signature_id FROM audit_entries
        WHERE subject_id = $1 AND action NOT IN ('task.assign', 'task.view', 'task.download') ORDER BY seq`,
      [task.id],
    );
    expect(audited.map((a) => a.signature_id).sort()).toEqual(
      signatures.decisions.map((d) => d.signatureId).sort(),
    );

    // Start, return and cancel are signed too.
    const second = await assignToWard(`Kiểm tra vệ sinh ${Date.now()}`);
    v = await versionAfter(act(wardLeader, second.id, 'accept', { version: 1 }).expect(200));
    v = await versionAfter(act(wardLeader, second.id, 'start', { version: v }).expect(200));
    await act(chair, second.id, 'cancel', { version: v, reason: 'Giao nhầm đơn vị.' }).expect(200);
    const third = await assignToWard(`Thống kê ${Date.now()}`);
    await act(wardLeader, third.id, 'return', { version: 1, reason: 'Không thuộc thẩm quyền.' }).expect(200);
    const actions = async (id: string) =>
      (
        (await t.http().get(`/tasks/${id}/signatures`).set(chair.auth).expect(200)).body as Signatures
      ).decisions.map((d) => d.action);
    expect(await actions(second.id)).toEqual(['accept', 'start', 'cancel']);
    expect(await actions(third.id)).toEqual(['return']);
  });

  it('refuses a decision whose signature fails — unsigned, altered, for another action or task, not the signer’s, replayed — and nothing changes', async () => {
    const task = await assignToWard(`Sơ tán dân ${Date.now()}`);
    const signer = await signerFor(t, wardLeader);
    const post = (path: string, body: unknown, who = wardLeader) =>
      t
        .http()
        .post(`/tasks/${task.id}/${path}`)
        .set(who.auth)
        .send(body as object);
    const accept = () => signedDecision(signer, { type: 'task', id: task.id }, 'accept', { version: 1 });

    // The old unsigned body.
    expect(codeOf(await post('accept', { version: 1 }))).toBe('400 request/validation_failed');
    // A field changed after signing.
    const altered = await accept();
    altered.content.issuedAt = new Date(Date.parse(altered.content.issuedAt) + 1000).toISOString();
    expect(codeOf(await post('accept', altered))).toBe('422 signature/invalid');
    // One bit of the signature flipped.
    const flipped = await accept();
    const bytes = Buffer.from(flipped.signature, 'base64url');
    bytes[10] ^= 1;
    flipped.signature = bytes.toString('base64url');
    expect(codeOf(await post('accept', flipped))).toBe('422 signature/invalid');
    // Signed as an accept, posted as a return; signed for another task.
    const asReturn = await signedDecision(signer, { type: 'task', id: task.id }, 'accept', {
      version: 1,
      reason: 'Không thuộc thẩm quyền.',
    });
    expect(codeOf(await post('return', asReturn))).toBe('422 signature/decision_mismatch');
    const elsewhere = await assignToWard(`Nhiệm vụ khác ${Date.now()}`);
    const forOther = await signedDecision(signer, { type: 'task', id: elsewhere.id }, 'accept', {
      version: 1,
    });
    expect(codeOf(await post('accept', forOther))).toBe('422 signature/decision_mismatch');
    // The leader's signed decision sent by the deputy; the deputy's own, on the leader's
    // certificate; the deputy naming the leader as signer.
    expect(codeOf(await post('accept', await accept(), other))).toBe('422 signature/signer_mismatch');
    const deputySigner = await signerFor(t, other);
    const deputys = await signedDecision(deputySigner, { type: 'task', id: task.id }, 'accept', {
      version: 1,
    });
    expect(codeOf(await post('accept', { ...deputys, certificateId: signer.certificateId }, other))).toBe(
      '403 signature/certificate_not_yours',
    );
    const impersonating = await signedDecision(
      deputySigner,
      { type: 'task', id: task.id },
      'accept',
      { version: 1 },
      { signer: wardLeader.id },
    );
    expect(codeOf(await post('accept', impersonating, other))).toBe('422 signature/signer_mismatch');

    const unchanged = async () => {
      expect(await detail(task.id)).toMatchObject({ state: 'assigned', version: 1 });
      const [{ count }]: { count: number }[] = await t.ds.query(
        `SELECT count(*)::int AS count FROM signed_decisions WHERE subject_id = $1`,
        [task.id],
      );
      expect(count).toBe(0);
      const audits: unknown[] = await t.ds.query(
        `SELECT 1 FROM audit_entries WHERE subject_id = $1 AND action = 'task.accept'`,
        [task.id],
      );
      expect(audits).toHaveLength(0);
    };
    await unchanged();

    // A good one goes through once; the same signed body again is a replay.
    const good = await accept();
    await post('accept', good).expect(200);
    expect(codeOf(await post('accept', good))).toBe('409 signature/nonce_reused');
    expect(await detail(task.id)).toMatchObject({ state: 'accepted', version: 2 });
  });

  it('lets one of two signed decisions made at once win; the other is refused as stale and leaves no signature', async () => {
    const task = await assignToWard(`Hai người cùng lúc ${Date.now()}`);
    const results = await Promise.all([
      act(wardLeader, task.id, 'accept', { version: 1 }),
      act(other, task.id, 'return', { version: 1, reason: 'Đề nghị giao phòng chuyên môn.' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const signatures = (await t.http().get(`/tasks/${task.id}/signatures`).set(chair.auth).expect(200))
      .body as Signatures;
    expect(signatures.decisions).toHaveLength(1);
  });

  it('shows the signatures only to those who may read the task', async () => {
    const task = await assignToWard(`Quyền xem ${Date.now()}`);
    const outsider = await person(t, [{ unit: org.w3, role: 'leader' }]);
    expect(codeOf(await t.http().get(`/tasks/${task.id}/signatures`).set(outsider.auth))).toBe(
      '404 task/not_found',
    );
    expect(codeOf(await act(outsider, task.id, 'accept', { version: 1 }))).toBe('404 task/not_found');
  });
});
