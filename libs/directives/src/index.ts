export * from './directive.entity';
export * from './directive-escalation';
export * from './directive-receipts';
export * from './directives.module';
export * from './issue-directive';
export * from './directive-views.dto';
export * from './directive-reads';
export * from './directive-readers';
