import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@lt/annotations';
import { AuthModule } from '@lt/auth';
import { DirectivesModule } from '@lt/directives';
import { DocumentsModule } from '@lt/documents';
import { RankingModule } from '@lt/ranking';
import { TasksModule } from '@lt/tasks';
import { AgendaController } from './agenda.controller';
import { AgendaService } from './agenda.service';

/** The home page's "what waits for me": each item's library answers for its own part. */
@Module({
  imports: [AnnotationsModule, AuthModule, DirectivesModule, DocumentsModule, RankingModule, TasksModule],
  controllers: [AgendaController],
  providers: [AgendaService],
})
export class AgendaModule {}
