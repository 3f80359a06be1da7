// The data source for the TypeORM CLI (`npm run migration:generate`, `migration:run`).
import 'reflect-metadata';
import { loadConfig } from '@lt/config';
import { dataSourceOptions } from '@lt/database';
import { DataSource } from 'typeorm';
import { DATABASE_WIRING } from './wiring';

const url = process.env.DATABASE_URL ?? loadConfig().DATABASE_URL;
export default new DataSource(dataSourceOptions(url, DATABASE_WIRING));
