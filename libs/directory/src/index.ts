export * from './directory.module';
export * from './directory.dto';
