import { ANNOTATION_KIND } from '@lt/annotations';
import { readArchive, verifyEvidence } from '@lt/evidence';
import { spawnSync } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as x509 from '@peculiar/x509';
import type { Response } from 'supertest';
import { newNonce, signContent } from '../libs/signing/src/client/content-signer';
import { actOnTask } from './support/decisions';
import { hasCommand } from './support/offline-verify';
import { runScript } from './support/scripts';
import { assignment, assignOk, enrol, Signer } from './support/signing';
import {
  buildOrg,
  codeOf,
  Org,
  person,
  postDirective,
  SignedIn,
  startTestApp,
  TestApp,
} from './support/test-app';

const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Reads a binary answer whole (supertest parses only text and JSON by itself). */
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/**
 * Evidence packages (issue 18 point 4): one archive an inspector takes away — a Vietnamese
 * summary, every event, every signature with its certificates and the CRL, the audit chain
 * segment linked to the chain's head — verified offline by `npm run evidence:verify` and by
 * openssl, any changed byte detected; only for those who may read the item; the download audited.
 */
describe('evidence packages (e2e)', () => {
  let t: TestApp;
  let org: Org;
  let chair: SignedIn;
  let d1: Signer;
  let wardLeader: SignedIn;
  let outsider: SignedIn;
  let taskId: string;
  let archive: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'lt-evidence-'));

  const download = (who: SignedIn, path: string) =>
    t.http().get(path).set(who.auth).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    org = await buildOrg(t);
    chair = await person(t, [{ unit: org.d1, role: 'leader' }]);
    wardLeader = await person(t, [{ unit: org.w1, role: 'leader' }]);
    outsider = await person(t, [{ unit: org.w3, role: 'leader' }]);
    d1 = await enrol(t, chair);
    const task = await assignOk(
      t,
      d1,
      assignment(
        d1,
        { unitId: org.w1.id },
        { title: 'Kiểm tra an toàn phòng cháy chợ Hàn', deadline: later(3) },
      ),
    );
    taskId = task.id;
    const act = (who: SignedIn, path: string, body: Record<string, unknown>) =>
      actOnTask(t, who, taskId, path, body).expect(200);
    let v = ((await act(wardLeader, 'accept', { version: 1 })).body as { version: number }).version;
    v = (
      (await act(wardLeader, 'reports', { version: v, percent: 40, text: 'Đã kiểm tra 2/5 dãy ki-ốt.' }))
        .body as {
        version: number;
      }
    ).version;
    v = (
      (await act(wardLeader, 'extension', { version: v, deadline: later(5), reason: 'Chờ PCCC quận.' }))
        .body as {
        version: number;
      }
    ).version;
    v = ((await act(chair, 'extension/approve', { version: v, note: 'Đồng ý.' })).body as { version: number })
      .version;
    await t
      .http()
      .post(`/tasks/${taskId}/urge`)
      .set(chair.auth)
      .send({ note: 'Đề nghị hoàn thành trước thứ Sáu.' })
      .expect(200);
    v = (
      (await act(wardLeader, 'submit', { version: v, text: 'Đã kiểm tra xong, lập biên bản.' })).body as {
        version: number;
      }
    ).version;
    await act(chair, 'complete', { version: v });
    // Another task in the same unit's chain afterwards: it links the chain, its content stays out.
    const other = await assignOk(
      t,
      d1,
      assignment(d1, { unitId: org.w1.id }, { title: 'Việc riêng của phường không thuộc hồ sơ' }),
    );
    await actOnTask(t, wardLeader, other.id, 'accept', { version: 1 }).expect(200);

    const res = await download(wardLeader, `/tasks/${taskId}/evidence`).expect(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    expect(res.headers['content-disposition']).toContain(`ho-so-chung-cu-task-${taskId}.tar`);
    archive = res.body as Buffer;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('holds a Vietnamese summary, every event, every signature with its certificates and the CRL, and verifies', async () => {
    const files = new Map((await readArchive(archive)).map((f) => [f.path, f.content]));
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        'README.txt',
        'tom-tat.html',
        'manifest.json',
        'item.json',
        'events.json',
        'ca.pem',
        'crl.pem',
        'audit-chain.json',
        'SHA256SUMS',
        'SHA256SUMS.sig',
      ]),
    );
    const signatures = [...files.keys()].filter((p) => p.startsWith('signatures/'));
    expect(signatures).toEqual([
      'signatures/01-task.assign.json',
      'signatures/02-task.accept.json',
      'signatures/03-task.report.json',
      'signatures/04-task.request_extension.json',
      'signatures/05-task.approve_extension.json',
      'signatures/06-task.submit.json',
      'signatures/07-task.complete.json',
    ]);
    const html = files.get('tom-tat.html')!.toString('utf8');
    expect(html).toContain('HỒ SƠ CHỨNG CỨ');
    expect(html).toContain('Kiểm tra an toàn phòng cháy chợ Hàn');
    for (const label of ['Giao nhiệm vụ', 'Tiếp nhận', 'Duyệt gia hạn', 'Đôn đốc', 'Công nhận hoàn thành'])
      expect(html).toContain(label);
    const events = JSON.parse(files.get('events.json')!.toString('utf8')) as {
      action: string;
      actorName: string;
    }[];
    expect(events.map((e) => e.action)).toEqual([
      'task.assign',
      'task.accept',
      'task.report',
      'task.request_extension',
      'task.approve_extension',
      'task.urge',
      'task.submit',
      'task.complete',
    ]);
    const [{ full_name: leaderName }]: { full_name: string }[] = await t.ds.query(
      'SELECT full_name FROM users WHERE id = $1',
      [wardLeader.id],
    );
    expect(events[1].actorName).toBe(leaderName);
    // The other task's entries are only links: its title is nowhere in the package.
    for (const content of files.values())
      expect(content.toString('utf8')).not.toContain('Việc riêng của phường');
    const chain = JSON.parse(files.get('audit-chain.json')!.toString('utf8')) as {
      links: { kind: string }[];
    }[];
    expect(chain.flatMap((s) => s.links).some((l) => l.kind === 'link')).toBe(true);

    const report = await verifyEvidence(archive);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ valid: true, subject: { type: 'task', id: taskId } });
    expect(report.checked.filter((c) => c.startsWith('signatures/'))).toHaveLength(7);
  });

  it('verifies with the documented command against the deployment CA, and refuses another CA', async () => {
    const file = join(dir, 'evidence.tar');
    writeFileSync(file, archive);
    const ca = (await t.http().get('/signing/ca.pem').expect(200)).text;
    writeFileSync(join(dir, 'ca.pem'), ca);
    const ok = await runScript('apps/cli/src/evidence-verify.ts', [file, '--ca', join(dir, 'ca.pem')], {});
    expect(ok.stdout).toContain('HỢP LỆ');
    expect(ok.code).toBe(0);
    // Another deployment's CA: a package this one made is not theirs.
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const otherCa = await x509.X509CertificateGenerator.createSelfSigned(
      { name: 'CN=Một hệ thống khác', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
      webcrypto,
    );
    writeFileSync(join(dir, 'other-ca.pem'), otherCa.toString('pem'));
    const refused = await runScript(
      'apps/cli/src/evidence-verify.ts',
      [file, '--ca', join(dir, 'other-ca.pem')],
      {},
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('KHÔNG HỢP LỆ');
  });

  it("checks out with README.txt's openssl lines where openssl, tar and sha256sum are installed", () => {
    const files = spawnSync('tar', ['-tf', '-'], { input: archive, encoding: 'utf8' });
    if (!hasCommand('openssl') || !hasCommand('sha256sum') || files.status !== 0) return;
    const out = join(dir, 'ev');
    const run = (script: string) => spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8' });
    writeFileSync(join(dir, 'package.tar'), archive);
    const checked = run(
      [
        'mkdir -p ev && tar -xf package.tar -C ev && cd ev',
        'openssl x509 -in ca.pem -noout -pubkey > ca-pub.pem',
        'openssl dgst -sha256 -verify ca-pub.pem -signature SHA256SUMS.sig SHA256SUMS',
        'sha256sum -c SHA256SUMS',
      ].join(' && '),
    );
    expect(checked.stdout).toContain('Verified OK');
    expect(checked.stdout).toContain('tom-tat.html: OK');
    expect(checked.status).toBe(0);
    // The same lines are what the package tells its reader.
    const readme = spawnSync('cat', [join(out, 'README.txt')], { encoding: 'utf8' }).stdout;
    for (const line of [
      'openssl dgst -sha256 -verify ca-pub.pem -signature SHA256SUMS.sig SHA256SUMS',
      'sha256sum -c SHA256SUMS',
    ])
      expect(readme).toContain(line);
    // One changed byte in a file, and sha256sum says which.
    const tampered = run("cd ev && printf 'X' >> item.json && sha256sum -c SHA256SUMS");
    expect(tampered.status).not.toBe(0);
    expect(tampered.stdout).toContain('item.json: FAILED');
  });

  it('detects any changed byte: header, content, padding, checksum list or signature (property-based)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: archive.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        async (at, bit) => {
          const tampered = Buffer.from(archive);
          tampered[at] ^= 1 << bit;
          const report = await verifyEvidence(tampered);
          return !report.valid && report.problems.length > 0;
        },
      ),
      { numRuns: 60 },
    );
    // And a byte of every file's content in particular.
    for (const file of await readArchive(archive)) {
      const at = archive.indexOf(file.content);
      const tampered = Buffer.from(archive);
      tampered[at + Math.floor(file.content.length / 2)] ^= 0x01;
      expect({ file: file.path, valid: (await verifyEvidence(tampered)).valid }).toEqual({
        file: file.path,
        valid: false,
      });
    }
  });

  it('audits each download with the archive’s SHA-256, and the next package shows the earlier download', async () => {
    const exports: { actor_id: string; sha256: string }[] = await t.ds.query(
      `SELECT actor_id, after->>'sha256' AS sha256 FROM audit_entries
        WHERE action = 'evidence.export' AND subject_id = $1 ORDER BY at`,
      [taskId],
    );
    expect(exports[0]).toEqual({ actor_id: wardLeader.id, sha256: sha256(archive) });
    const again = (await download(chair, `/tasks/${taskId}/evidence`).expect(200)).body as Buffer;
    const events = JSON.parse(
      (await readArchive(again)).find((f) => f.path === 'events.json')!.content.toString('utf8'),
    ) as { action: string }[];
    expect(events.map((e) => e.action)).toContain('evidence.export');
    expect((await verifyEvidence(again)).valid).toBe(true);
  });

  it('is only for those who may read the item; a directive’s for those who follow it; an annotation’s with its tasks', async () => {
    expect(codeOf(await t.http().get(`/tasks/${taskId}/evidence`).set(outsider.auth))).toBe(
      '404 task/not_found',
    );
    const before: { count: number }[] = await t.ds.query(
      `SELECT count(*)::int AS count FROM audit_entries WHERE action = 'evidence.export' AND actor_id = $1`,
      [outsider.id],
    );
    expect(before[0].count).toBe(0);

    const directive = (
      await postDirective(t, chair, {
        issuingUnitId: org.d1.id,
        subject: 'Về việc kiểm tra phòng cháy các chợ',
        body: 'Các phường kiểm tra, báo cáo.',
        targets: [{ unitId: org.w1.id }],
        ackRequired: true,
      }).expect(201)
    ).body as { id: string };
    await t.http().post(`/directives/${directive.id}/acknowledge`).set(wardLeader.auth).send({}).expect(200);
    const pack = (await download(chair, `/directives/${directive.id}/evidence`).expect(200)).body as Buffer;
    const report = await verifyEvidence(pack);
    expect(report).toMatchObject({ valid: true, subject: { type: 'directive', id: directive.id } });
    // A recipient reads the directive but not everyone's receipts.
    expect(codeOf(await t.http().get(`/directives/${directive.id}/evidence`).set(wardLeader.auth))).toMatch(
      /^404 /,
    );
    expect(codeOf(await t.http().get(`/directives/${directive.id}/evidence`).set(outsider.auth))).toMatch(
      /^404 /,
    );

    const content = {
      kind: ANNOTATION_KIND,
      subject: { type: 'task', id: taskId },
      text: 'Giao phường rà soát thêm các chợ còn lại.',
      assignments: [
        {
          title: 'Rà soát phòng cháy các chợ còn lại',
          lead: { unitId: org.w1.id },
          coordinators: [],
          informed: [],
          deadline: later(4),
          priority: 1,
        },
      ],
      author: chair.id,
      issuedAt: new Date().toISOString(),
      nonce: newNonce(webcrypto),
    };
    const annotated = await t
      .http()
      .post('/annotations')
      .set(chair.auth)
      .send({
        content,
        signature: await signContent(webcrypto.subtle, d1.keys.privateKey, content),
        certificateId: d1.certificateId,
      })
      .expect(201);
    const annotation = annotated.body as { id: string; tasks: { id: string }[] };
    await actOnTask(t, wardLeader, annotation.tasks[0].id, 'accept', { version: 1 }).expect(200);
    const annotationPack = (await download(wardLeader, `/annotations/${annotation.id}/evidence`).expect(200))
      .body as Buffer;
    const annotationReport = await verifyEvidence(annotationPack);
    expect(annotationReport.problems).toEqual([]);
    const names = (await readArchive(annotationPack)).map((f) => f.path);
    expect(names).toEqual(
      expect.arrayContaining(['signatures/01-annotation.sign.json', 'signatures/02-task.accept.json']),
    );
    expect(codeOf(await t.http().get(`/annotations/${annotation.id}/evidence`).set(outsider.auth))).toMatch(
      /^404 /,
    );
  });
});
