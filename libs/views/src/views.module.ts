import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { ViewLog } from './view-log';

@Module({ imports: [CommandsModule], providers: [ViewLog], exports: [ViewLog] })
export class ViewsModule {}
