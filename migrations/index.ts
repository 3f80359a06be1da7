// Every migration, in order. Listed explicitly so the compiled app, the CLI and the tests
// run the same set without file globbing.
import { Foundation1795668258783 } from './1795668258783-Foundation';

export const MIGRATIONS = [Foundation1795668258783];
