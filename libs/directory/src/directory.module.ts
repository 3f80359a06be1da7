import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';

@Module({
  imports: [OrgModule, PeopleModule, AccessModule],
  controllers: [DirectoryController],
  providers: [DirectoryService],
})
export class DirectoryModule {}
