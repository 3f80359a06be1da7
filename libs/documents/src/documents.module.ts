import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { FilesModule } from '@lt/files';
import { OrgModule } from '@lt/org';
import { RealtimeModule } from '@lt/realtime';
import { DocumentReaders } from './document-readers';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

@Module({
  imports: [CommandsModule, AccessModule, AuditModule, FilesModule, OrgModule, RealtimeModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, DocumentReaders],
  exports: [DocumentsService, DocumentReaders],
})
export class DocumentsModule {}
