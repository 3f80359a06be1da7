import { Module } from '@nestjs/common';
import { OrgModule } from '@lt/org';
import { PasswordHasher } from './password-hasher';
import { PeopleService } from './people.service';

@Module({
  imports: [OrgModule],
  providers: [PeopleService, PasswordHasher],
  exports: [PeopleService, PasswordHasher],
})
export class PeopleModule {}
