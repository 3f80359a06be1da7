import { Module } from '@nestjs/common';
import { OrgModule } from '@lt/org';
import { PasswordHasher } from './password-hasher';
import { PeopleService } from './people.service';
import { PeopleReorganisation } from './people-reorganisation';

@Module({
  imports: [OrgModule],
  providers: [PeopleService, PasswordHasher, PeopleReorganisation],
  exports: [PeopleService, PasswordHasher],
})
export class PeopleModule {}
