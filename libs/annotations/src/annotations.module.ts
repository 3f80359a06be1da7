import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { DocumentsModule } from '@lt/documents';
import { RealtimeModule } from '@lt/realtime';
import { SigningModule } from '@lt/signing';
import { TasksModule } from '@lt/tasks';
import { Annotate } from './annotate';
import { AnnotationFollowUp } from './annotation-follow-up';
import { AnnotationSubjects } from './annotation-subjects';
import { AnnotationViews } from './annotation-views';
import { AnnotationsController } from './annotations.controller';
import { DocumentTrail } from './document-trail';
import { DocumentWorkers } from './document-workers';

@Module({
  imports: [
    CommandsModule,
    AccessModule,
    AuditModule,
    DocumentsModule,
    RealtimeModule,
    SigningModule,
    TasksModule,
  ],
  controllers: [AnnotationsController],
  providers: [
    Annotate,
    AnnotationSubjects,
    AnnotationViews,
    AnnotationFollowUp,
    DocumentTrail,
    DocumentWorkers,
  ],
  exports: [Annotate, DocumentWorkers],
})
export class AnnotationsModule {}
