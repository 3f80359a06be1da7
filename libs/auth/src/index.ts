export * from './auth-session.entity';
export * from './auth.module';
export * from './auth.service';
export * from './decorators';
export * from './metadata';
export * from './posting-limits';
