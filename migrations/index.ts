// Every migration, in order. Listed explicitly so the compiled app, the CLI and the tests
// run the same set without file globbing.
import { Foundation1795668258783 } from './1795668258783-Foundation';
import { LiveDirectives1795671803587 } from './1795671803587-LiveDirectives';
import { RecipientsAsSnapshot1795675038164 } from './1795675038164-RecipientsAsSnapshot';
import { SignedTasks1795680644427 } from './1795680644427-SignedTasks';
import { ExtensionWithdrawn1795690000000 } from './1795690000000-ExtensionWithdrawn';
import { RelayUnpublishedIndex1795700000000 } from './1795700000000-RelayUnpublishedIndex';
import { DraftUploads1795710000000 } from './1795710000000-DraftUploads';
import { DocumentsAnnotations1795720000000 } from './1795720000000-DocumentsAnnotations';
import { TaskSummaryStats1795730000000 } from './1795730000000-TaskSummaryStats';
import { AnnotationProgress1795750000000 } from './1795750000000-AnnotationProgress';
import { AnnotationsImmutable1795760000000 } from './1795760000000-AnnotationsImmutable';
import { SearchFold1795765000000 } from './1795765000000-SearchFold';
import { Messaging1795770000000 } from './1795770000000-Messaging';
import { SearchIndexes1795790000000 } from './1795790000000-SearchIndexes';
import { WeeklyBriefings1795780000000 } from './1795780000000-WeeklyBriefings';
import { BriefingCommentKeys1795795000000 } from './1795795000000-BriefingCommentKeys';
import { RealtimeAdapterTable1795800000000 } from './1795800000000-RealtimeAdapterTable';
import { CommandIdempotencyKeys1795810000000 } from './1795810000000-CommandIdempotencyKeys';
import { TaskUrging1795820000000 } from './1795820000000-TaskUrging';
import { EscalationLadder1795830000000 } from './1795830000000-EscalationLadder';
import { PushSubscriptions1795840000000 } from './1795840000000-PushSubscriptions';
import { SignedDecisions1795850000000 } from './1795850000000-SignedDecisions';
import { UrgedInSummary1795860000000 } from './1795860000000-UrgedInSummary';
import { DocumentUrging1795870000000 } from './1795870000000-DocumentUrging';
import { DocumentDrafting1795880000000 } from './1795880000000-DocumentDrafting';
import { DocumentDelivery1795890000000 } from './1795890000000-DocumentDelivery';
import { DocumentHandledAt1795900000000 } from './1795900000000-DocumentHandledAt';
import { AttachmentText1795910000000 } from './1795910000000-AttachmentText';
import { DocumentExchange1795920000000 } from './1795920000000-DocumentExchange';
import { DocumentSearchFields1795930000000 } from './1795930000000-DocumentSearchFields';
import { WorkSchedules1795940000000 } from './1795940000000-WorkSchedules';
import { Delegations1795950000000 } from './1795950000000-Delegations';
import { Reorganisation1795960000000 } from './1795960000000-Reorganisation';
import { UnitNames1795970000000 } from './1795970000000-UnitNames';
import { ActingForRecords1795980000000 } from './1795980000000-ActingForRecords';
import { OneStop1795990000000 } from './1795990000000-OneStop';
import { FileSteps1796000000000 } from './1796000000000-FileSteps';
import { SharedLateness1796010000000 } from './1796010000000-SharedLateness';
import { CitizenVoice1796020000000 } from './1796020000000-CitizenVoice';
import { RankingCitizenFiles1796030000000 } from './1796030000000-RankingCitizenFiles';
import { RankingAndDisciplineReview1795740000000 } from './1795740000000-RankingAndDisciplineReview';

export const MIGRATIONS = [
  Foundation1795668258783,
  LiveDirectives1795671803587,
  RecipientsAsSnapshot1795675038164,
  SignedTasks1795680644427,
  ExtensionWithdrawn1795690000000,
  RelayUnpublishedIndex1795700000000,
  DraftUploads1795710000000,
  DocumentsAnnotations1795720000000,
  TaskSummaryStats1795730000000,
  RankingAndDisciplineReview1795740000000,
  AnnotationProgress1795750000000,
  AnnotationsImmutable1795760000000,
  SearchFold1795765000000,
  Messaging1795770000000,
  WeeklyBriefings1795780000000,
  SearchIndexes1795790000000,
  BriefingCommentKeys1795795000000,
  RealtimeAdapterTable1795800000000,
  CommandIdempotencyKeys1795810000000,
  TaskUrging1795820000000,
  EscalationLadder1795830000000,
  PushSubscriptions1795840000000,
  SignedDecisions1795850000000,
  UrgedInSummary1795860000000,
  DocumentUrging1795870000000,
  DocumentDrafting1795880000000,
  DocumentDelivery1795890000000,
  DocumentHandledAt1795900000000,
  AttachmentText1795910000000,
  DocumentExchange1795920000000,
  DocumentSearchFields1795930000000,
  WorkSchedules1795940000000,
  Delegations1795950000000,
  Reorganisation1795960000000,
  UnitNames1795970000000,
  ActingForRecords1795980000000,
  OneStop1795990000000,
  FileSteps1796000000000,
  SharedLateness1796010000000,
  CitizenVoice1796020000000,
  RankingCitizenFiles1796030000000,
];
