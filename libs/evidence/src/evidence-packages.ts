import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@lt/access';
import { AuditSegments } from '@lt/audit';
import { CommandRunner } from '@lt/commands';
import { readSnapshot } from '@lt/database';
import { PeopleService } from '@lt/people';
import { CertificateAuthority, SignatureBundles, SignerCertificates } from '@lt/signing';
import { createHash, X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ArchiveFile, packArchive } from './evidence-archive';
import {
  AUDIT_CHAIN,
  CA_PEM,
  CRL_PEM,
  EVENTS,
  EVIDENCE_FORMAT,
  EvidenceManifest,
  MANIFEST,
  SIGNATURES_DIR,
  SUMS,
  SUMS_SIGNATURE,
  sumsText,
} from './evidence-format';
import { verifyingInstructions } from './evidence-readme';
import type { EvidenceSource } from './evidence-source';
import { summaryHtml } from './evidence-summary';

export interface EvidencePackage {
  fileName: string;
  archive: Buffer;
  sha256: string;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

/**
 * Makes an item's evidence package (hồ sơ chứng cứ) for an inspector: one tar holding a
 * Vietnamese summary, the item, every audit entry about it with the chain segment that links
 * them to the chain's head, every signature bundle with its certificates, the CRL of the
 * moment and a checksum list the deployment's CA signs (docs/evidence.md). The caller has
 * checked that the reader may read the item; the download is audited, naming the archive's
 * SHA-256.
 */
@Injectable()
export class EvidencePackages {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly authority: CertificateAuthority,
    private readonly certificates: SignerCertificates,
    private readonly bundles: SignatureBundles,
    private readonly segments: AuditSegments,
    private readonly people: PeopleService,
  ) {}

  async export(actor: Actor, source: EvidenceSource, now = new Date()): Promise<EvidencePackage> {
    const exportedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    // One snapshot: the entries, their chains' heads and the signatures as of the same moment.
    const { segments, bundles, crl } = await readSnapshot(this.dataSource, async (em) => ({
      segments: await this.segments.of(em, source.audited),
      bundles: await this.bundles.of(
        em,
        source.signatures.map((s) => s.signatureId),
      ),
      crl: await this.certificates.revocationListPem(),
    }));
    const ca = (await this.authority.current()).pem;
    const caFingerprint = sha256(new X509Certificate(ca).raw);
    const entries = segments.flatMap((s) => s.links.filter((l) => l.kind === 'entry'));
    entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
    const names = await this.people.namesOf([
      ...new Set([...entries.flatMap((e) => (e.actorId ? [e.actorId] : [])), actor.principal.userId]),
    ]);
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? id) : 'Hệ thống');

    const signatureFiles = source.signatures.map((s, i) => {
      const bundle = bundles.get(s.signatureId)!;
      const signer = new X509Certificate(bundle.signerCertificate).subject.match(/CN=([^\n]+)/)?.[1] ?? '';
      return {
        path: `${SIGNATURES_DIR}${String(i + 1).padStart(2, '0')}-${bundle.purpose}.json`,
        label: s.label,
        signer,
        bundle,
      };
    });
    const manifest: EvidenceManifest = {
      format: EVIDENCE_FORMAT,
      subject: source.subject,
      title: source.title,
      exportedAt: exportedAt.toISOString(),
      exportedBy: { id: actor.principal.userId, fullName: actor.principal.fullName },
      caFingerprint,
      signatures: signatureFiles.map((f) => ({
        file: f.path,
        label: f.label,
        signedAt: f.bundle.signedAt,
        signer: f.signer,
      })),
    };
    const files: ArchiveFile[] = [
      { path: 'README.txt', content: Buffer.from(verifyingInstructions(source, manifest), 'utf8') },
      {
        path: 'tom-tat.html',
        content: Buffer.from(
          summaryHtml(source, {
            exportedAt: manifest.exportedAt,
            exportedBy: actor.principal.fullName,
            caFingerprint,
            events: entries.map((e) => ({
              at: new Date(e.at).toISOString(),
              actor: nameOf(e.actorId),
              action: e.action,
              note: noteOf(e.after),
            })),
            signatures: signatureFiles.map((f) => ({
              file: f.path,
              label: f.label,
              signer: f.signer,
              signedAt: f.bundle.signedAt,
              contentSha256: f.bundle.contentSha256,
            })),
          }),
          'utf8',
        ),
      },
      { path: MANIFEST, content: json(manifest) },
      { path: 'item.json', content: json(source.item) },
      {
        path: EVENTS,
        content: json(
          entries.map(({ kind: _kind, ...entry }) => ({ ...entry, actorName: nameOf(entry.actorId) })),
        ),
      },
      ...signatureFiles.map((f) => ({ path: f.path, content: json(f.bundle) })),
      { path: CA_PEM, content: Buffer.from(ca, 'utf8') },
      { path: CRL_PEM, content: Buffer.from(crl, 'utf8') },
      { path: AUDIT_CHAIN, content: json(segments) },
    ];
    const sums = Buffer.from(
      sumsText(files.map((f) => ({ path: f.path, sha256: sha256(f.content) }))),
      'utf8',
    );
    files.push(
      { path: SUMS, content: sums },
      { path: SUMS_SIGNATURE, content: await this.authority.attest(sums) },
    );
    const archive = await packArchive(files, exportedAt);
    const digest = sha256(archive);
    await this.commands.change('evidence.export', actor, async ({ audit }) => {
      await audit({
        actor,
        actingUnitId: actor.principal.positions[0]?.unitId ?? null,
        action: 'evidence.export',
        subjectType: source.subject.type,
        subjectId: source.subject.id,
        after: {
          sha256: digest,
          bytes: archive.length,
          files: files.length,
          exportedAt: manifest.exportedAt,
        },
      });
    });
    return {
      fileName: `ho-so-chung-cu-${source.subject.type}-${source.subject.id}.tar`,
      archive,
      sha256: digest,
    };
  }
}

/** The words an entry carries (a reason, a report's text, a note), for the summary's table. */
function noteOf(after: Record<string, unknown> | null): string | null {
  for (const key of ['reason', 'note', 'text', 'decision'])
    if (typeof after?.[key] === 'string') return after[key];
  return null;
}
