export * from './escalation.entity';
export * from './escalation-ladder';
export * from './escalation.module';
export * from './escalation-views.dto';
