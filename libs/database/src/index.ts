export * from './data-source-options';
export * from './database.module';
export * from './embedded-postgres';
export * from './migrate';
export * from './pg-errors';
export * from './lock-for-change';
export * from './read-data-source';
export * from './keyed-by-id';
