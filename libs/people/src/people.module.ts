import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { PeopleService } from './people.service';

@Module({ providers: [PeopleService, PasswordHasher], exports: [PeopleService, PasswordHasher] })
export class PeopleModule {}
