import { Module } from '@nestjs/common';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { Latenesses } from './latenesses';

/** The lateness mechanism that tasks and citizens' files share. */
@Module({
  imports: [OrgModule, PeopleModule],
  providers: [Latenesses],
  exports: [Latenesses],
})
export class LatenessModule {}
