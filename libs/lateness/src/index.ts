export * from './lateness-subjects';
export * from './lateness.entity';
export * from './latenesses';
export * from './discipline-cases';
export * from './lateness.module';
