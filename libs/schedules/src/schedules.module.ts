import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { BriefingsModule } from '@lt/briefings';
import { CommandsModule } from '@lt/commands';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { ScheduleAccess } from './schedule-access';
import { ScheduleCalendar } from './schedule-calendar';
import { ScheduleCommands } from './schedule-commands';
import { ScheduleViews } from './schedule-views';
import { SchedulesController } from './schedules.controller';
import { ScheduleReorganisation } from './schedule-reorganisation';

@Module({
  imports: [AccessModule, BriefingsModule, CommandsModule, OrgModule, PeopleModule],
  controllers: [SchedulesController],
  providers: [ScheduleAccess, ScheduleViews, ScheduleCommands, ScheduleCalendar, ScheduleReorganisation],
  exports: [ScheduleCommands, ScheduleViews],
})
export class SchedulesModule {}
