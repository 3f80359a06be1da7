import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { CommandsModule } from '@lt/commands';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { ReorganisationController } from './reorganisation.controller';
import { ReorganiseUnits } from './reorganise-units';

/**
 * Merging and splitting units. The libraries' steps register themselves with OrgModule's
 * ReorganisationSteps when their modules start; this module runs them.
 */
@Module({
  imports: [AccessModule, CommandsModule, OrgModule, PeopleModule],
  controllers: [ReorganisationController],
  providers: [ReorganiseUnits],
})
export class ReorganisationModule {}
