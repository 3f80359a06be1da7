import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The browser app, built into dist/web and served by the API at `/`. It shares the socket
 * contract and the client halves of the feed and of signing with the server
 * (libs/realtime/src/contract.ts with each capability's `*-events.ts`, gathered in src/contract.ts;
 * libs/realtime/src/client, libs/signing/src/client).
 */
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: resolve(here, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2020',
    rollupOptions: {
      // The app, and the citizens' lookup page: a page of its own, a few kilobytes without React.
      input: { main: resolve(here, 'index.html'), lookup: resolve(here, 'tra-cuu.html'), feedback: resolve(here, 'gop-y.html') },
      // React Router's "use client" markers mean nothing without server components.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // @peculiar/x509 reads decorator metadata through tsyringe; reflect-metadata is imported first in main.tsx.
  resolve: {
    alias: [
      { find: /^@lt\/realtime\/(.*)$/, replacement: resolve(here, '../../libs/realtime/src/$1') },
      { find: /^@lt\/signing\/(.*)$/, replacement: resolve(here, '../../libs/signing/src/$1') },
      { find: /^@lt\/access\/(.*)$/, replacement: resolve(here, '../../libs/access/src/$1') },
      { find: /^@lt\/people\/(.*)$/, replacement: resolve(here, '../../libs/people/src/$1') },
      { find: /^@lt\/files\/(.*)$/, replacement: resolve(here, '../../libs/files/src/$1') },
      { find: /^@lt\/directives\/(.*)$/, replacement: resolve(here, '../../libs/directives/src/$1') },
      { find: /^@lt\/tasks\/(.*)$/, replacement: resolve(here, '../../libs/tasks/src/$1') },
      { find: /^@lt\/documents\/(.*)$/, replacement: resolve(here, '../../libs/documents/src/$1') },
      { find: /^@lt\/chat\/(.*)$/, replacement: resolve(here, '../../libs/chat/src/$1') },
      { find: /^@lt\/briefings\/(.*)$/, replacement: resolve(here, '../../libs/briefings/src/$1') },
      { find: /^@lt\/schedules\/(.*)$/, replacement: resolve(here, '../../libs/schedules/src/$1') },
      { find: /^@lt\/one-stop\/(.*)$/, replacement: resolve(here, '../../libs/one-stop/src/$1') },
      { find: /^@lt\/delegations\/(.*)$/, replacement: resolve(here, '../../libs/delegations/src/$1') },
      { find: /^@lt\/ranking\/(.*)$/, replacement: resolve(here, '../../libs/ranking/src/$1') },
      { find: /^@lt\/lateness\/(.*)$/, replacement: resolve(here, '../../libs/lateness/src/$1') },
    ],
  },
  server: { port: 5173 },
});
