export * from './evidence-archive';
export * from './evidence-download';
export * from './evidence-format';
export * from './evidence-labels';
export * from './evidence-packages';
export * from './evidence-source';
export * from './evidence-verify';
export * from './evidence.module';
