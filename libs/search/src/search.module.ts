import { Module } from '@nestjs/common';
import { BriefingsModule } from '@lt/briefings';
import { ChatModule } from '@lt/chat';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  imports: [ChatModule, BriefingsModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
