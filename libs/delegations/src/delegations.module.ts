import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { CommandsModule } from '@lt/commands';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { DelegationCommands } from './delegation-commands';
import { DelegationViews } from './delegation-views';
import { DelegationsController } from './delegations.controller';

@Module({
  imports: [AccessModule, CommandsModule, OrgModule, PeopleModule],
  controllers: [DelegationsController],
  providers: [DelegationCommands, DelegationViews],
  exports: [DelegationViews],
})
export class DelegationsModule {}
