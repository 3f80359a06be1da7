import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';
import { dataSourceOptions, DatabaseWiring } from './data-source-options';

/** Connects a process to PostgreSQL with the entities and migrations its app wires in. */
@Module({})
export class DatabaseModule {
  static forRoot(wiring: DatabaseWiring): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL, wiring),
        }),
      ],
    };
  }
}
