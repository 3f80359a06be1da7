import { Module } from '@nestjs/common';
import { AnnotationsModule } from '@lt/annotations';
import { AuthModule } from '@lt/auth';
import { CommandsModule } from '@lt/commands';
import { AuditModule } from '@lt/audit';
import { DirectivesModule } from '@lt/directives';
import { DocumentsModule } from '@lt/documents';
import { FilesModule } from '@lt/files';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { RealtimeModule } from '@lt/realtime';
import { TasksModule } from '@lt/tasks';
import { ChannelAccess } from './channel-access';
import { ChatChannels } from './chat-channels';
import { ChatController } from './chat.controller';
import { ChatSearch } from './chat-search';
import { ChatSocketHandlers } from './chat-socket-handlers';
import { MessageViews } from './chat-views';
import { EditMessage } from './edit-message';
import { PostMessage } from './post-message';
import { SubjectReaders } from './subject-readers';
import { ChatReorganisation } from './chat-reorganisation';

@Module({
  imports: [
    AnnotationsModule,
    AuditModule,
    AuthModule,
    CommandsModule,
    DirectivesModule,
    DocumentsModule,
    FilesModule,
    OrgModule,
    PeopleModule,
    RealtimeModule,
    TasksModule,
  ],
  controllers: [ChatController],
  providers: [
    ChatReorganisation,
    ChannelAccess,
    ChatChannels,
    PostMessage,
    EditMessage,
    ChatSearch,
    ChatSocketHandlers,
    MessageViews,
    SubjectReaders,
  ],
  exports: [ChannelAccess, ChatSearch, ChatChannels, PostMessage, SubjectReaders],
})
export class ChatModule {}
