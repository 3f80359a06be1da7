import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from './support/test-app';

const run = promisify(execFile);
const npm = (args: string[]) =>
  run('npm', ['run', '--silent', ...args], {
    env: { ...process.env, ...testEnv() },
    cwd: join(__dirname, '..'),
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('command line: npm run org:import and audit:verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lt-cli-'));

  it('imports a CSV file idempotently and reports bad rows with a failing exit code', async () => {
    const file = join(dir, 'org.csv');
    writeFileSync(
      file,
      [
        'type,code,name,kind,organ_id,parent_code,username,full_name,email,password,unit_code,role,title',
        'unit,CLI-CITY,Thành phố Thử CLI,city,CL0.00.00.H99,,,,,,,,',
        'unit,CLI-WARD,Phường Thử CLI,ward,CL0.01.00.H99,CLI-CITY,,,,,,,',
        'person,,,,,,cli.leader,Hồ Thị Xuân,,MatKhau@2026,CLI-WARD,leader,Chủ tịch UBND phường',
      ].join('\n'),
    );
    const first = await npm(['org:import', '--', file]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).units.created).toBe(2);
    const second = await npm(['org:import', '--', file]);
    expect(JSON.parse(second.stdout).units.unchanged).toBe(2);

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'type,code,name,kind,organ_id,parent_code\nunit,cli-bad,X,village,1,\n');
    const refused = await npm(['org:import', '--', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/row 2: code:/);
    expect(refused.stderr).toMatch(/row 2: kind:/);
  });

  it('verifies the audit chains', async () => {
    const result = await npm(['audit:verify']);
    expect(result.stdout).toMatch(/checked \d+ entries in \d+ chains/);
    expect(result.code).toBe(0);
  });
});
