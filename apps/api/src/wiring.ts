import { AnnotationEntity, AnnotationProgressEntity } from '@lt/annotations';
import { AuditChainHeadEntity, AuditEntryEntity } from '@lt/audit';
import { AuthSessionEntity, SignInFailureEntity } from '@lt/auth';
import {
  BriefingCommentEntity,
  BriefingEntity,
  BriefingItemEntity,
  BriefingReportEntity,
  BriefingReporterEntity,
} from '@lt/briefings';
import { ChatChannelEntity, ChatMemberEntity, ChatMessageEntity } from '@lt/chat';
import { DatabaseWiring } from '@lt/database';
import { DirectiveCounterEntity, DirectiveEntity, DirectiveRecipientEntity } from '@lt/directives';
import {
  DocumentCounterEntity,
  DocumentEntity,
  DocumentRoutingEntity,
  DocumentUrgingEntity,
  DocumentDraftEntity,
  DocumentDraftVersionEntity,
  DocumentReviewStepEntity,
  DocumentDeliveryEntity,
  DocumentExchangeEntity,
  DocumentExternalStatusEntity,
  DocumentTaskRefEntity,
} from '@lt/documents';
import { EscalationEntity, EscalationStepEntity } from '@lt/escalation';
import { StoredFileEntity } from '@lt/files';
import { OrgUnitClosureEntity, OrgUnitEntity, OrgUnitNameEntity } from '@lt/org';
import { PositionEntity, UserEntity } from '@lt/people';
import { MonthlyRankingEntity, RankingMonthEntity, RankingRuleSetEntity } from '@lt/ranking';
import { PushSubscriptionEntity } from '@lt/push';
import { RealtimeEventEntity } from '@lt/realtime';
import { TaskSummaryDeltaEntity, TaskSummaryStatEntity } from '@lt/reporting';
import { WorkScheduleEntity, WorkScheduleEntryEntity } from '@lt/schedules';
import {
  CitizenFileCounterEntity,
  CitizenFileEntity,
  ProcedureEntity,
  PublicHolidayEntity,
  CitizenFileRatingEntity,
  FeedbackMessageEntity,
} from '@lt/one-stop';
import { DelegationEntity } from '@lt/delegations';
import { ReorganisationEntity } from '@lt/reorganisation';
import {
  SignatureRecordEntity,
  SignedDecisionEntity,
  SignerCertificateEntity,
  SigningAuthorityEntity,
} from '@lt/signing';
import {
  TaskDeadlineNoticeEntity,
  TaskEntity,
  TaskExtensionEntity,
  TaskPartyEntity,
  TaskReportEntity,
  TaskUrgingEntity,
} from '@lt/tasks';
import { DisciplineCaseEntity, LatenessEntity } from '@lt/lateness';
import { MIGRATIONS } from '../../../migrations';

/** Every entity of every capability, and the migrations that create their tables. */
export const DATABASE_WIRING: DatabaseWiring = {
  entities: [
    OrgUnitEntity,
    OrgUnitClosureEntity,
    OrgUnitNameEntity,
    UserEntity,
    PositionEntity,
    AuthSessionEntity,
    SignInFailureEntity,
    AuditEntryEntity,
    AuditChainHeadEntity,
    RealtimeEventEntity,
    StoredFileEntity,
    DirectiveEntity,
    DirectiveRecipientEntity,
    DirectiveCounterEntity,
    EscalationEntity,
    EscalationStepEntity,
    SigningAuthorityEntity,
    SignerCertificateEntity,
    SignatureRecordEntity,
    SignedDecisionEntity,
    TaskEntity,
    TaskPartyEntity,
    TaskReportEntity,
    TaskExtensionEntity,
    LatenessEntity,
    TaskUrgingEntity,
    DisciplineCaseEntity,
    TaskDeadlineNoticeEntity,
    RankingRuleSetEntity,
    RankingMonthEntity,
    MonthlyRankingEntity,
    DocumentEntity,
    DocumentCounterEntity,
    DocumentRoutingEntity,
    DocumentUrgingEntity,
    DocumentDraftEntity,
    DocumentDraftVersionEntity,
    DocumentReviewStepEntity,
    DocumentDeliveryEntity,
    DocumentExchangeEntity,
    DocumentExternalStatusEntity,
    DocumentTaskRefEntity,
    AnnotationEntity,
    AnnotationProgressEntity,
    TaskSummaryStatEntity,
    TaskSummaryDeltaEntity,
    BriefingEntity,
    BriefingReporterEntity,
    BriefingReportEntity,
    BriefingItemEntity,
    BriefingCommentEntity,
    ChatChannelEntity,
    ChatMemberEntity,
    ChatMessageEntity,
    PushSubscriptionEntity,
    WorkScheduleEntity,
    WorkScheduleEntryEntity,
    PublicHolidayEntity,
    CitizenFileRatingEntity,
    FeedbackMessageEntity,
    ProcedureEntity,
    CitizenFileEntity,
    CitizenFileCounterEntity,
    DelegationEntity,
    ReorganisationEntity,
  ],
  migrations: MIGRATIONS,
};
