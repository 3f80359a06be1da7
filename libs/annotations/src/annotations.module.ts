import { Module } from '@nestjs/common';
import { EvidenceModule } from '@lt/evidence';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { DirectivesModule } from '@lt/directives';
import { DocumentsModule } from '@lt/documents';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
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
    DirectivesModule,
    DocumentsModule,
    EvidenceModule,
    OrgModule,
    PeopleModule,
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
  exports: [Annotate, AnnotationFollowUp, DocumentWorkers],
})
export class AnnotationsModule {}
