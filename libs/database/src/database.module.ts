import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@lt/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions, DatabaseWiring } from './data-source-options';
import { READ_DATA_SOURCE } from './read-data-source';

/** Connects a process to PostgreSQL with the entities and migrations its app wires in. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
    @Inject(getDataSourceToken()) private readonly primary: DataSource,
  ) {}

  static forRoot(wiring: DatabaseWiring): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            dataSourceOptions(config.DATABASE_URL, wiring, {
              preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
            }),
        }),
      ],
      providers: [
        {
          provide: READ_DATA_SOURCE,
          inject: [AppConfig, getDataSourceToken()],
          useFactory: (config: AppConfig, primary: DataSource) => {
            if (!config.DATABASE_READ_URL) return primary;
            const options = dataSourceOptions(config.DATABASE_READ_URL, wiring, {
              preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
            });
            return new DataSource({
              ...options,
              extra: {
                ...(options.extra as object),
                max: 5,
                application_name: 'lien-thong-read',
                options: '-c default_transaction_read_only=on',
              },
            }).initialize();
          },
        },
      ],
      exports: [READ_DATA_SOURCE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.read !== this.primary && this.read.isInitialized) await this.read.destroy();
  }
}
