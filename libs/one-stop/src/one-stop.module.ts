import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { CommandsModule } from '@lt/commands';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { CitizenFiles } from './citizen-files';
import { OneStopController } from './one-stop.controller';
import { ProcedureCatalogue } from './procedure-catalogue';
import { PublicHolidays } from './public-holidays';
import { PublicLookup } from './public-lookup';
import { PublicLookupController } from './public-lookup.controller';

@Module({
  imports: [AccessModule, CommandsModule, OrgModule, PeopleModule],
  controllers: [OneStopController, PublicLookupController],
  providers: [PublicHolidays, ProcedureCatalogue, CitizenFiles, PublicLookup],
  exports: [PublicHolidays, ProcedureCatalogue, CitizenFiles],
})
export class OneStopModule {}
