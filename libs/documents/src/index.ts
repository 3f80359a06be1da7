export * from './document.entity';
export * from './documents.module';
export * from './documents.service';
export * from './document-views.dto';
export * from './document-reader-rules';
export * from './document-reads';
export * from './document-readers';
