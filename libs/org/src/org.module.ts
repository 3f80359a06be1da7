import { Module } from '@nestjs/common';
import { OrgTreeService } from './org-tree.service';
import { ReorganisationSteps } from './reorganisation-steps';

@Module({ providers: [OrgTreeService, ReorganisationSteps], exports: [OrgTreeService, ReorganisationSteps] })
export class OrgModule {}
