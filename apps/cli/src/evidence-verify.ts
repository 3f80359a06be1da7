/**
 * Verifies an evidence package (hồ sơ chứng cứ) offline, on any machine with this checkout:
 *
 *   npm run evidence:verify <package.tar> [--ca <ca.pem>]
 *
 * With --ca, the package must have been made by that CA (the deployment's published
 * certificate, GET /signing/ca.pem). Prints what was checked; exits 0 when intact, 1 when
 * anything fails, 2 on wrong usage. Talks to no server.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { verifyEvidence } from '../../../libs/evidence/src/evidence-verify';

async function main(argv: string[]): Promise<number> {
  const [file, flag, caFile] = argv;
  if (!file || (flag !== undefined && (flag !== '--ca' || !caFile))) {
    process.stderr.write('usage: npm run evidence:verify <package.tar> [--ca <ca.pem>]\n');
    return 2;
  }
  const report = await verifyEvidence(readFileSync(file), {
    caPem: caFile ? readFileSync(caFile, 'utf8') : undefined,
  });
  const out = process.stdout;
  if (report.subject) out.write(`${report.subject.type} ${report.subject.id}: ${report.title}\n`);
  if (report.exportedAt) out.write(`exported ${report.exportedAt}; CA SHA-256 ${report.caFingerprint}\n`);
  for (const line of report.checked) out.write(`  ✓ ${line}\n`);
  for (const line of report.problems) out.write(`  ✗ ${line}\n`);
  out.write(
    report.valid
      ? 'HỢP LỆ — the package is intact.\n'
      : `KHÔNG HỢP LỆ — ${report.problems.length} problem(s).\n`,
  );
  return report.valid ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.message ?? error)}\n`);
    process.exit(2);
  },
);
