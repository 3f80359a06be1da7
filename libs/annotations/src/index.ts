export * from './annotate';
export * from './annotation.dto';
export * from './annotation.entity';
export * from './annotations.module';
export * from './follow-up-status';
export * from './annotation-views.dto';
export * from './document-workers';
export * from './annotation-follow-up';
