import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The browser app, built into dist/web and served by the API at `/`. It shares the socket
 * contract and the client halves of the feed and of signing with the server
 * (libs/realtime/src/contract.ts, libs/realtime/src/client, libs/signing/src/client).
 */
export default defineConfig({
  root: __dirname,
  base: './',
  build: {
    outDir: resolve(__dirname, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2020',
    rollupOptions: {
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
      { find: /^@lt\/realtime\/(.*)$/, replacement: resolve(__dirname, '../../libs/realtime/src/$1') },
      { find: /^@lt\/signing\/(.*)$/, replacement: resolve(__dirname, '../../libs/signing/src/$1') },
    ],
  },
  server: { port: 5173 },
});
