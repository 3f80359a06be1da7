import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', ...(__dirname.includes(`${join('dist', 'scripts')}`) ? ['..'] : []));
const PROXY_RULES = join(ROOT, 'deploy/nginx/lien-thong-proxy.conf');

/** Debian's nginx binary (on PATH or in /usr/sbin), or null when it is not installed. */
export function nginxBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx 2>/dev/null'], {
    encoding: 'utf8',
  });
  return found.status === 0 ? found.stdout.trim().split('\n')[0] || null : null;
}

export interface LocalNginx {
  origin: string;
  process: ChildProcess;
  stop(): void;
}

/**
 * Debian's nginx run as ourselves in `dir` with the production proxy rules of deploy/nginx: the
 * site's `map` and public `limit_req_zone` taken from lien-thong.conf, and an upstream of
 * `upstreams`. For the deployment test and the lookups benchmark, so both measure the same
 * rules that ship. Throws when the site file lost a block the rules need.
 */
export async function startLocalNginx(input: {
  nginx: string;
  dir: string;
  port: number;
  upstreams: string[];
}): Promise<LocalNginx> {
  const site = readFileSync(join(ROOT, 'deploy/nginx/lien-thong.conf'), 'utf8');
  const map = /map \$http_upgrade \$connection_upgrade \{[^}]*\}/.exec(site)?.[0];
  if (!map) throw new Error('deploy/nginx/lien-thong.conf lost its map block');
  const publicZone = /limit_req_zone [^;]*zone=lien_thong_public[^;]*;/.exec(site)?.[0];
  if (!publicZone) throw new Error('deploy/nginx/lien-thong.conf lost its public limit_req_zone');
  const { dir, port } = input;
  const servers = input.upstreams
    .map((u) => `    server ${new URL(u).host} max_fails=1 fail_timeout=5s;`)
    .join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root root;\n' : ''}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream lien_thong {
${servers}
    keepalive 32;
  }
  ${map}
  ${publicZone}
  server {
    listen 127.0.0.1:${port};
    include ${PROXY_RULES};
  }
}
`,
  );
  const child = spawn(input.nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    const up = await fetch(`${origin}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 15 s: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { origin, process: child, stop: () => child.kill('SIGQUIT') };
}
