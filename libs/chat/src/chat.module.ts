import { Module } from '@nestjs/common';
import { AuthModule } from '@lt/auth';
import { CommandsModule } from '@lt/commands';
import { AuditModule } from '@lt/audit';
import { DirectivesModule } from '@lt/directives';
import { FilesModule } from '@lt/files';
import { RealtimeModule } from '@lt/realtime';
import { ChannelAccess } from './channel-access';
import { ChatChannels } from './chat-channels';
import { ChatController } from './chat.controller';
import { ChatSearch } from './chat-search';
import { ChatSocketHandlers } from './chat-socket-handlers';
import { EditMessage } from './edit-message';
import { PostMessage } from './post-message';

@Module({
  imports: [AuditModule, AuthModule, CommandsModule, DirectivesModule, FilesModule, RealtimeModule],
  controllers: [ChatController],
  providers: [ChannelAccess, ChatChannels, PostMessage, EditMessage, ChatSearch, ChatSocketHandlers],
  exports: [ChannelAccess, ChatSearch, ChatChannels, PostMessage],
})
export class ChatModule {}
