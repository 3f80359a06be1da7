import { ConfigError } from './app-config';

/**
 * Exit codes a person or a supervisor can act on: 2, the port is taken; 3, the data belongs
 * to another version (PostgreSQL major, or a schema migrated by a newer Liên Thông); 4, the
 * data folder is in use by another `npm start`.
 */
export const EXIT_PORT_IN_USE = 2;
export const EXIT_OTHER_VERSION = 3;
export const EXIT_DATA_FOLDER_IN_USE = 4;

/** An error whose message is meant for the person starting the process, with its exit code. */
export interface StartupProblem {
  exitCode: number;
  message: string;
}

function isStartupProblem(error: unknown): error is StartupProblem {
  return error instanceof Error && typeof (error as Partial<StartupProblem>).exitCode === 'number';
}

/** Ends a process that could not start: the message alone for known problems, the stack otherwise. */
export function failStartup(error: unknown, where?: { host: string; port: number }): never {
  let message: string;
  let code = 1;
  if (where && (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    message =
      `Cổng ${where.port} trên ${where.host} đang được dùng / port ${where.port} on ${where.host} is already in use ` +
      '(another Liên Thông, or another program). Stop it, or choose another port: PORT=3001 npm start';
    code = EXIT_PORT_IN_USE;
  } else if (isStartupProblem(error)) {
    message = error.message;
    code = error.exitCode;
  } else if (error instanceof ConfigError) message = error.message;
  else message = String((error as Error)?.stack ?? error);
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
