import { runScript } from './support/scripts';

// openapi-typescript loads ES modules that jest's CommonJS runtime cannot require: the check
// runs as `npm run api:types -- --check` does, in a process of its own.
describe('the browser’s API types (apps/web/src/api-types.ts)', () => {
  it('are what the OpenAPI document of the server generates now', async () => {
    const run = await runScript('scripts/openapi-types.ts', ['--check'], {});
    if (run.code !== 0) throw new Error(run.stderr.trim() || `the check exited with ${run.code}`);
  }, 120_000);
});
