export * from './command-runner';
export * from './commands.module';
export * from './idempotency-keys';
