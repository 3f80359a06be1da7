import { Module } from '@nestjs/common';
import { AdminModule } from '@lt/admin';
import { ConfigModule } from '@lt/config';
import { DatabaseModule } from '@lt/database';
import { DATABASE_WIRING } from '../../api/src/wiring';

@Module({ imports: [ConfigModule, DatabaseModule.forRoot(DATABASE_WIRING), AdminModule] })
export class CliModule {}
