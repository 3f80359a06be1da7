import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { CommandsModule } from '@lt/commands';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { CitizenFiles } from './citizen-files';
import { FileProcessing } from './file-processing';
import { OneStopFigures } from './one-stop-figures';
import { OneStopController } from './one-stop.controller';
import { OneStopReorganisation } from './one-stop-reorganisation';
import { ProcedureCatalogue } from './procedure-catalogue';
import { PersonalDataRetention } from './personal-data-retention';
import { PublicHolidays } from './public-holidays';
import { PublicLookup } from './public-lookup';
import { PublicLookupController } from './public-lookup.controller';

@Module({
  imports: [AccessModule, CommandsModule, OrgModule, PeopleModule],
  controllers: [OneStopController, PublicLookupController],
  providers: [
    PublicHolidays,
    ProcedureCatalogue,
    CitizenFiles,
    FileProcessing,
    OneStopFigures,
    PublicLookup,
    OneStopReorganisation,
  ],
  exports: [PublicHolidays, ProcedureCatalogue, CitizenFiles, FileProcessing],
})
export class OneStopModule {}

/** The worker's part: masking personal data past its retention. */
@Module({
  imports: [CommandsModule],
  providers: [PersonalDataRetention],
  exports: [PersonalDataRetention],
})
export class OneStopRulesModule {}
