import { Module } from '@nestjs/common';
import { OrgModule } from '@lt/org';
import { AccessService } from './access.service';

@Module({ imports: [OrgModule], providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
