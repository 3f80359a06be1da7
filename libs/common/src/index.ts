export * from './app-error';
export * from './error-codes';
export * from './http-error.filter';
export * from './validation';
export * from './idempotency-key';
export * from './vietnam-time';
export * from './csv';
export * from './search-snippet';
