export * from './audit-entry.entity';
export * from './audit-hash';
export * from './audit-log.service';
export * from './audit-reads';
export * from './audit-segment';
export * from './audit-verifier';
export * from './audit.module';
