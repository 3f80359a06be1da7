import { Module } from '@nestjs/common';
import { CommandsModule } from '@lt/commands';
import { AccessModule } from '@lt/access';
import { AuditModule } from '@lt/audit';
import { AuthModule } from '@lt/auth';
import { DirectiveReadersModule } from '@lt/directives';
import { OrgModule } from '@lt/org';
import { PeopleModule } from '@lt/people';
import { OrgImportController, PeopleAdminController, UnitsAdminController } from './admin.controller';
import { OrgImporter } from './org-importer.service';
import { PeopleAdministration } from './people-administration.service';
import { UnitAdministration } from './unit-administration.service';

@Module({
  imports: [
    CommandsModule,
    OrgModule,
    PeopleModule,
    AccessModule,
    AuditModule,
    AuthModule,
    DirectiveReadersModule,
  ],
  controllers: [UnitsAdminController, PeopleAdminController, OrgImportController],
  providers: [UnitAdministration, PeopleAdministration, OrgImporter],
  exports: [OrgImporter],
})
export class AdminModule {}
