import { Module } from '@nestjs/common';
import { AccessModule } from '@lt/access';
import { CommandsModule } from '@lt/commands';
import { LatenessModule } from '@lt/lateness';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { CitizenFiles } from './citizen-files';
import { CitizenFileSummaries } from './citizen-file-summaries';
import { CitizenLimits } from './citizen-limits';
import { FeedbackMailbox } from './feedback-mailbox';
import { FileLateness } from './file-lateness';
import { FileProcessing } from './file-processing';
import { OneStopFigures } from './one-stop-figures';
import { OneStopController } from './one-stop.controller';
import { OneStopReorganisation } from './one-stop-reorganisation';
import { ProcedureCatalogue } from './procedure-catalogue';
import { PersonalDataRetention } from './personal-data-retention';
import { PublicHolidays } from './public-holidays';
import { PublicLookup } from './public-lookup';
import { PublicLookupController } from './public-lookup.controller';

/** Citizens' files as other capabilities show them (the discipline review): no personal data. */
@Module({
  imports: [OrgModule],
  providers: [CitizenFileSummaries],
  exports: [CitizenFileSummaries],
})
export class CitizenFileViewsModule {}

@Module({
  imports: [AccessModule, CitizenFileViewsModule, CommandsModule, LatenessModule, OrgModule, PeopleModule],
  controllers: [OneStopController, PublicLookupController],
  providers: [
    PublicHolidays,
    ProcedureCatalogue,
    CitizenFiles,
    FileProcessing,
    OneStopFigures,
    PublicLookup,
    OneStopReorganisation,
    FileLateness,
    CitizenLimits,
    FeedbackMailbox,
  ],
  exports: [PublicHolidays, ProcedureCatalogue, CitizenFiles, FileProcessing, OneStopFigures],
})
export class OneStopModule {}

/** The worker's part: masking personal data past its retention; counting the files that are late. */
@Module({
  imports: [AccessModule, CitizenFileViewsModule, CommandsModule, LatenessModule, OrgModule, PeopleModule],
  providers: [PersonalDataRetention, FileLateness, CitizenFiles, PublicHolidays, ProcedureCatalogue],
  exports: [PersonalDataRetention, FileLateness],
})
export class OneStopRulesModule {}
