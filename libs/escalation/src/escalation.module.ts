import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { EscalationLadder } from './escalation-ladder';

/** The ladder late items climb; the libraries that escalate register their source with it. */
@Module({
  imports: [CommandsModule, OrgModule, PeopleModule],
  providers: [EscalationLadder],
  exports: [EscalationLadder],
})
export class EscalationModule {}
