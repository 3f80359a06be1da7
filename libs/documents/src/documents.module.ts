import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { FilesModule } from '@lt/files';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { SigningModule } from '@lt/signing';
import { TasksModule } from '@lt/tasks';
import { DocumentDrafting } from './document-drafting';
import { DraftsController } from './drafts.controller';
import { DeliveriesController } from './deliveries.controller';
import { DocumentDelivery } from './document-delivery';
import { DocumentOutcomes } from './document-outcomes';
import { DocumentReminders } from './document-reminders';
import { DocumentReaderRules } from './document-reader-rules';
import { DocumentReaders } from './document-readers';
import { DocumentReads } from './document-reads';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentExchange } from './edxml/document-exchange';
import { EdxmlSignatures } from './edxml/edxml-signatures';
import { ExchangeController } from './edxml/exchange.controller';
import { ViewsModule } from '@lt/views';
import { DelegationsModule } from '@lt/delegations';
import { DocumentReorganisation } from './document-reorganisation';

@Module({
  imports: [
    CommandsModule,
    AccessModule,
    DelegationsModule,
    AuditModule,
    FilesModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    SigningModule,
    ViewsModule,
    TasksModule,
  ],
  controllers: [DocumentsController, DraftsController, DeliveriesController, ExchangeController],
  providers: [
    DocumentReorganisation,
    DocumentsService,
    DocumentDrafting,
    DocumentDelivery,
    DocumentOutcomes,
    DocumentReads,
    DocumentReaderRules,
    DocumentReaders,
    DocumentExchange,
    EdxmlSignatures,
  ],
  exports: [DocumentsService, DocumentReads, DocumentReaderRules, DocumentReaders, DocumentOutcomes],
})
export class DocumentsModule {}

/** For the worker: reminders of incoming documents not handled in time. */
@Module({
  imports: [CommandsModule, OrgModule, PeopleModule, RealtimeModule],
  providers: [DocumentReminders],
  exports: [DocumentReminders],
})
export class DocumentRulesModule {}
