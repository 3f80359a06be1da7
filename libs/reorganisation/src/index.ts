export * from './reorganisation.controller';
export * from './reorganisation.dto';
export * from './reorganisation.entity';
export * from './reorganisation.module';
export * from './reorganise-units';
