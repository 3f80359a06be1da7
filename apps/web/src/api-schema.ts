/**
 * The server's response shapes under the names the pages use, taken from the types generated
 * from the OpenAPI document (api-types.ts). A page never declares a server shape itself.
 */
import type { components, operations } from './api-types';

export type Schemas = components['schemas'];

export type ErrorBody = Schemas['ErrorBodyDto'];
export type TokenPair = Schemas['TokenPairDto'];
export type PersonRef = Schemas['PersonRefDto'];

// Directory and administration
export type Me = Schemas['MeDto'];
export type Unit = Schemas['UnitDto'];
export type UnitWithHistory = Schemas['UnitWithHistoryDto'];
export type Person = Schemas['PersonDto'];

// Signing
export type Certificate = Schemas['CertificateViewDto'];

// Directives
export type IssuedDirective = Schemas['IssuedDirectiveDto'];
export type InboxItem = Schemas['InboxItemDto'];
export type IssuedItem = Schemas['IssuedItemDto'];
export type DirectiveProgress = Schemas['DirectiveProgressDto'];
export type UnitProgress = Schemas['UnitProgressDto'];

// What waits for me (Việc cần xử lý)
export type Agenda = Schemas['AgendaDto'];
export type AgendaItem = Schemas['AgendaItemDto'];

// Escalation (báo cáo vượt cấp), on directives and tasks alike
export type EscalationView = Schemas['EscalationViewDto'];

// Tasks
export type TaskPage = Schemas['TaskPageDto'];
export type TaskDetail = Schemas['TaskDetailDto'];
export type TaskParty = Schemas['TaskPartyDetailDto'];

// Documents and annotations
export type Draft = Schemas['DraftViewDto'];
export type DraftChoices = Schemas['DraftChoicesDto'];
export type DocumentToSign = Schemas['DocumentToSignDto'];
export type Delivery = Schemas['DeliveryViewDto'];
export type Viewer = Schemas['ViewerDto'];
export type ExternalStatus = Schemas['ExternalStatusDto'];
export type HandlingReport = Schemas['HandlingReportDto'];
export type DocumentSummary = Schemas['DocumentSummaryDto'];
export type DocumentDetail = Schemas['DocumentDetailDto'];
export type DocumentPage = Schemas['DocumentPageDto'];
export type RouteTarget = Schemas['RouteTargetDto'];
export type AnswerableTask = Schemas['AnswerableTaskDto'];
export type TrailItem = Schemas['TrailItemDto'];
export type AnnotationView = Schemas['AnnotationViewDto'];
export type FollowUpItem = Schemas['FollowUpItemDto'];
export type FollowUpPage = Schemas['FollowUpPageDto'];

// Weekly briefings
export type Briefing = Schemas['BriefingViewDto'];
export type WorkSchedule = Schemas['WorkScheduleViewDto'];

// Delegation of authority (ủy quyền)
export type Delegation = Schemas['DelegationViewDto'];
export type Procedure = Schemas['ProcedureViewDto'];
export type CitizenFile = Schemas['CitizenFileViewDto'];
export type Feedback = Schemas['FeedbackViewDto'];
export type DelegablePosition = Schemas['DelegablePositionDto'];
export type ActingFor = Schemas['ActingForViewDto'];
export type Reorganisation = Schemas['ReorganisationViewDto'];
export type BriefingPage = Schemas['BriefingPageDto'];
export type BriefingSearchPage = Schemas['BriefingSearchPageDto'];
export type BriefingReporter = Schemas['BriefingReporterViewDto'];
export type BriefingItem = Schemas['BriefingItemViewDto'];
export type BriefingItemSource = Schemas['BriefingItemSourceDto'];

// Chat
export type ChatMessagePage = Schemas['ChatMessagePageDto'];
export type ReadCursor = Schemas['ReadCursorDto'];
export type MessageHit = Schemas['MessageHitDto'];

// Ranking, discipline, reports, search
export type RankingView = Schemas['RankingViewDto'];
export type DisciplineCase = Schemas['DisciplineCaseViewDto'];
export type DisciplineCasePage = Schemas['DisciplineCasePageDto'];
export type SummaryReport = Schemas['SummaryReportDto'];
export type SummaryFigures = Schemas['SummaryFiguresDto'];
export type SummaryUnit = Schemas['SummaryUnitDto'];
export type PeopleReport = Schemas['PeopleReportDto'];
export type TrendReport = Schemas['TrendReportDto'];
export type SummaryTaskPage = Schemas['SummaryTaskPageDto'];
export type SearchHit = Schemas['SearchHitDto'];

/** Whose tasks a list shows (the `scope` of GET /tasks). */
export type TaskScope = NonNullable<
  NonNullable<operations['TasksController_list']['parameters']['query']>['scope']
>;
