export * from './file-type';
export * from './files.module';
export * from './files.service';
export * from './stored-file.entity';
export * from './attachment-download';
export * from './file.dto';
export * from './attachment-meta';
