export * from './admin.module';
export * from './org-import';
export * from './org-importer.service';
export * from './admin.dto';
