export * from './admin.module';
export * from './org-import';
export * from './org-importer.service';
