export * from './access.module';
export * from './access.service';
export * from './delegated-authority';
export * from './permissions';
export * from './principal';
export * from './roles';
export * from './reading-rule';
