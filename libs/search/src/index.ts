export * from './fold';
export * from './search.module';
export * from './search.service';
