import { Module } from '@nestjs/common';
import { OrgTreeService } from './org-tree.service';

@Module({ providers: [OrgTreeService], exports: [OrgTreeService] })
export class OrgModule {}
