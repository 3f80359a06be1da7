export * from './document.entity';
export * from './documents.module';
export * from './documents.service';
export * from './document-events';
export * from './document-events.asyncapi';
