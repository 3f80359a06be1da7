export * from './agenda.dto';
export * from './agenda.module';
export * from './agenda.service';
