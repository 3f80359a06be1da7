export * from './view-log';
export * from './views.module';
