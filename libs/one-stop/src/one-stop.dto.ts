import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, NotBlank, PersonRefDto, UnitRefDto } from '@lt/common';
import { ROLES, type Role } from '@lt/people/roles';
import { CITIZEN_FILE_STATES, type CitizenFileState } from './one-stop-events';
import { FEEDBACK_KINDS, type FeedbackKind } from './one-stop.entity';

export class PaperDto {
  @ApiProperty({ example: 'Tờ khai đăng ký khai sinh', maxLength: 300 })
  @IsString()
  @NotBlank()
  @MaxLength(300)
  name: string;

  @ApiProperty({ description: 'Bản chính (the original) rather than a copy' })
  @IsBoolean()
  original: boolean;

  @ApiProperty({ minimum: 1, maximum: 20, example: 1 })
  @IsInt()
  @Min(1)
  @Max(20)
  copies: number;
}

export class ProcedureStepDto {
  @ApiProperty({ example: 'Công chức tư pháp – hộ tịch thẩm định', maxLength: 200 })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The unit that handles the step: the unit itself or one inside the deployment',
  })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: ROLES, description: 'Who in that unit handles it' })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ minimum: 0, maximum: 365, description: 'Working days' })
  @IsInt()
  @Min(0)
  @Max(365)
  days: number;
}

export class ProcedureFieldsDto {
  @ApiProperty({ example: 'Đăng ký khai sinh', maxLength: 500 })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  name: string;

  @ApiPropertyOptional({ example: 'Hộ tịch', maxLength: 120, description: 'Lĩnh vực' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  field?: string;

  @ApiProperty({ type: [PaperDto], description: 'Thành phần hồ sơ: the papers the citizen brings' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PaperDto)
  papers: PaperDto[];

  @ApiProperty({
    minimum: 0,
    maximum: 365,
    description: 'Thời hạn giải quyết: the legal time, in working days',
  })
  @IsInt()
  @Min(0)
  @Max(365)
  processingDays: number;

  @ApiProperty({
    type: [ProcedureStepDto],
    description: 'The steps, in order; their days add up to at most the legal time',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProcedureStepDto)
  steps: ProcedureStepDto[];
}

export class CreateProcedureDto extends ProcedureFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The unit whose counter receives it' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: '1.001193', description: 'Mã thủ tục in the national catalogue' })
  @Matches(/^[0-9A-Za-z][0-9A-Za-z.\-_]{0,39}$/, { message: 'code must be 1–40 letters, digits, . - or _' })
  code: string;
}

export class UpdateProcedureDto extends ProcedureFieldsDto {
  @ApiProperty({ description: 'Still received at the counter' })
  @IsBoolean()
  active: boolean;

  @ApiProperty({ description: 'The version you read (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ProcedureListQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;
}

export class ProcedureViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() field: string;
  @ApiProperty({ type: [PaperDto] }) papers: PaperDto[];
  @ApiProperty() processingDays: number;
  @ApiProperty({ type: [ProcedureStepDto] }) steps: ProcedureStepDto[];
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
}

export class HolidayDto {
  @ApiProperty({ example: '2026-02-17', description: 'A day of that year' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be a date such as 2026-02-17' })
  day: string;

  @ApiProperty({ example: 'Tết Nguyên đán (Mùng 1)', maxLength: 120 })
  @IsString()
  @NotBlank()
  @MaxLength(120)
  name: string;
}

export class HolidaysDto {
  @ApiProperty({
    type: [HolidayDto],
    description: "The year's public holidays, all of them (they replace what was entered)",
  })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  days: HolidayDto[];
}

export class HolidaysViewDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: [HolidayDto] }) days: HolidayDto[];
}

export class ApplicantDto {
  @ApiProperty({ example: 'Trần Thị Mai', maxLength: 200 })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({
    example: '0905123456',
    description: 'A Vietnamese number: 10 digits from 0, or +84',
  })
  @IsOptional()
  @Matches(/^(0|\+84)\d{9}$/, { message: 'phone must be 10 digits starting with 0 (or +84 and 9 digits)' })
  phone?: string;

  @ApiPropertyOptional({ example: 'mai.tran@example.vn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '048190000123', description: 'Số định danh cá nhân (CCCD): 12 digits' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'idNumber must be the 12 digits of the citizen identity card' })
  idNumber?: string;
}

export class ReceiveFileDto {
  @ApiProperty({ format: 'uuid', description: 'A procedure of the unit whose counter receives the file' })
  @IsUUID()
  procedureId: string;

  @ApiProperty({ type: ApplicantDto })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiProperty({
    type: [PaperDto],
    description: 'The papers received; every paper the procedure asks for must be among them',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => PaperDto)
  papers: PaperDto[];
}

export class ApplicantViewDto {
  @ApiProperty() fullName: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) idNumber: string | null;
}

export class PlannedStepDto extends ProcedureStepDto {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ example: '2026-12-09', description: 'Due at 17:00 that day (Việt Nam)' }) dueDay: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was done' })
  doneAt: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) doneBy: PersonRefDto | null;
  @ApiProperty({ description: 'Done after its due day, or still open past it' }) late: boolean;
}

export class FileLatenessDto {
  @ApiProperty({ description: '1 for the first lateness (trễ hẹn lần 1), 2 for the second …' })
  number: number;
  @ApiProperty({ format: 'date-time', description: 'The appointment it missed' }) missedAppointment: string;
  @ApiProperty({ format: 'date-time' }) lateAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Giải trình; null until filed' })
  explanation: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Thư xin lỗi to the citizen; null until filed' })
  apology: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The new appointment' })
  newAppointmentAt: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) filedBy: PersonRefDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) filedAt: string | null;
}

export class CitizenFileViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '000.01.32.H17-261207-0001', description: 'Mã hồ sơ' }) code: string;
  @ApiProperty({ example: '042917', description: 'Mã tra cứu, printed on the receipt' }) lookupPin: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: ProcedureViewDto }) procedure: ProcedureViewDto;
  @ApiProperty({
    type: ApplicantViewDto,
    nullable: true,
    description: 'null once masked after the retention period',
  })
  applicant: ApplicantViewDto | null;
  @ApiProperty({ type: [PaperDto] }) papers: PaperDto[];
  @ApiProperty({ type: [PlannedStepDto] }) steps: PlannedStepDto[];
  @ApiProperty({ enum: CITIZEN_FILE_STATES }) state: CitizenFileState;
  @ApiProperty({
    description: 'The step being handled (index into steps); steps.length once the result is ready',
  })
  currentStep: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Returned for papers: what the citizen must bring',
  })
  pauseReason: string | null;
  @ApiProperty({ type: PersonRefDto }) receivedBy: PersonRefDto;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'Ngày hẹn trả kết quả' }) appointmentAt: string;
  @ApiProperty({
    type: [Number],
    description:
      'Years the count ran through with no public holidays entered: the appointment may fall on one',
  })
  holidaysMissing: number[];
  @ApiProperty({ type: [FileLatenessDto], description: 'Every lateness, first first, with its letter' })
  latenesses: FileLatenessDto[];
  @ApiProperty({
    description: 'Late and waiting for the step’s explanation and apology letter: nothing else moves it',
  })
  awaitingApology: boolean;
  @ApiProperty() version: number;
}

export class CitizenFileListQuery {
  @ApiProperty({ format: 'uuid', description: 'The unit whose counter received them' })
  @IsUUID()
  unitId: string;
}

export class PublicLookupQuery {
  @ApiProperty({ example: '042917', description: 'Mã tra cứu: the six digits on the receipt' })
  @Matches(/^\d{6}$/, { message: 'pin must be the six digits printed on the receipt' })
  pin: string;
}

export class PublicStepDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The unit handling it' }) unit: string;
  @ApiProperty({ example: '2026-12-09' }) dueDay: string;
  @ApiProperty() done: boolean;
}

/** What a citizen sees of their file: where it stands, nothing personal. */
export class PublicApologyDto {
  @ApiProperty({ description: '1 for the first lateness' }) number: number;
  @ApiProperty({ format: 'date-time', description: 'The appointment missed' }) missedAppointment: string;
  @ApiProperty({ description: 'Thư xin lỗi' }) apology: string;
  @ApiProperty({ format: 'date-time', description: 'Ngày hẹn trả mới' }) newAppointmentAt: string;
  @ApiProperty({ format: 'date-time' }) filedAt: string;
}

export class PublicFileStatusDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The unit whose counter received it' }) unit: string;
  @ApiProperty({ type: Object, example: { code: '1.001193', name: 'Đăng ký khai sinh' } })
  procedure: { code: string; name: string };
  @ApiProperty({ enum: CITIZEN_FILE_STATES }) state: CitizenFileState;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', description: 'Ngày hẹn trả kết quả' }) appointmentAt: string;
  @ApiProperty({ type: [PublicStepDto] }) steps: PublicStepDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Returned for papers: what to bring' })
  pauseReason: string | null;
  @ApiProperty({
    type: [PublicApologyDto],
    description: 'The apology letters the unit sent the citizen (trễ hẹn)',
  })
  apologies: PublicApologyDto[];
  @ApiProperty({
    description: 'The result was handed back and the service not rated yet: the survey is open',
  })
  mayRate: boolean;
}

export class SatisfactionScoresDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Đúng hẹn: the result on time' })
  @IsInt()
  @Min(1)
  @Max(5)
  timeliness: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Thái độ: the officials’ manner' })
  @IsInt()
  @Min(1)
  @Max(5)
  attitude: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Hướng dẫn: clear guidance on the papers' })
  @IsInt()
  @Min(1)
  @Max(5)
  guidance: number;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Hài lòng chung: overall' })
  @IsInt()
  @Min(1)
  @Max(5)
  overall: number;
}

export class RatingDto {
  @ApiProperty({ example: '042917', description: 'Mã tra cứu: the six digits on the receipt' })
  @Matches(/^\d{6}$/, { message: 'pin must be the six digits printed on the receipt' })
  pin: string;

  @ApiProperty({ type: SatisfactionScoresDto, description: '1 rất không hài lòng … 5 rất hài lòng' })
  @ValidateNested()
  @Type(() => SatisfactionScoresDto)
  @IsObject()
  scores: SatisfactionScoresDto;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class RatedDto {
  @ApiProperty({ format: 'date-time' }) ratedAt: string;
}

export class FileVersionDto {
  @ApiProperty({ description: 'The version of the file you read (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version: number;
}

export class RequestPapersDto extends FileVersionDto {
  @ApiProperty({
    maxLength: 1000,
    example: 'Bổ sung bản sao Giấy chứng nhận kết hôn của cha mẹ.',
    description: 'What the citizen must bring: they read it in the lookup',
  })
  @IsString()
  @NotBlank()
  @MaxLength(1000)
  reason: string;
}

export class ApologyDto extends FileVersionDto {
  @ApiProperty({
    maxLength: 4000,
    example: 'Hồ sơ phải xác minh thêm tại nơi cư trú cũ nên chưa kịp hoàn thành.',
    description: 'Giải trình: why the step missed the appointment (for the leaders)',
  })
  @IsString()
  @NotBlank()
  @MaxLength(4000)
  explanation: string;

  @ApiProperty({
    maxLength: 4000,
    example: 'Bộ phận Một cửa thành thật xin lỗi Ông/Bà vì hồ sơ chưa giải quyết đúng hẹn.',
    description: 'Thư xin lỗi: the letter to the citizen, who reads it in the lookup',
  })
  @IsString()
  @NotBlank()
  @MaxLength(4000)
  apology: string;

  @ApiProperty({ example: '2026-12-15', description: 'The new appointment: a working day after today' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'newAppointment must be a date such as 2026-12-15' })
  newAppointment: string;
}

export class OneStopFiguresQuery {
  @ApiProperty({ format: 'uuid', description: 'A unit I follow: it and the units under it' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ format: 'date-time', description: 'Files received from (inclusive)' })
  @IsInstant()
  from: string;

  @ApiProperty({ format: 'date-time', description: 'Files received until (exclusive)' })
  @IsInstant()
  to: string;
}

export class FigureCountsDto {
  @ApiProperty() received: number;
  @ApiProperty({ description: 'Result ready by the appointment' }) onTime: number;
  @ApiProperty({ description: 'Result ready after the appointment' }) late: number;
  @ApiProperty({ description: 'Still being handled, within the appointment' }) inTime: number;
  @ApiProperty({ description: 'Still being handled, past the appointment' }) overdue: number;
  @ApiProperty({ description: 'Went back to the citizen for papers at least once' })
  returnedForPapers: number;
}

export class FigureRowDto extends FigureCountsDto {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: Object, example: { id: '…', code: '1.001193', name: 'Đăng ký khai sinh' } })
  procedure: { id: string; code: string; name: string };
}

export class FigureTotalDto extends FigureCountsDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Percent on time of the files judged: on time / (on time + late)',
  })
  onTimeRate: number | null;
}

export class SatisfactionAveragesDto {
  @ApiProperty({ nullable: true, type: Number }) timeliness: number | null;
  @ApiProperty({ nullable: true, type: Number }) attitude: number | null;
  @ApiProperty({ nullable: true, type: Number }) guidance: number | null;
  @ApiProperty({ nullable: true, type: Number }) overall: number | null;
}

/** A unit's survey and mailbox in the period: what citizens said, and how the unit answered. */
export class VoiceRowDto {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ description: 'Survey responses given in the period' }) ratings: number;
  @ApiProperty({ type: SatisfactionAveragesDto, description: 'Average score per question, 1..5' })
  averages: SatisfactionAveragesDto;
  @ApiProperty({ description: 'Feedback received in the period' }) feedback: number;
  @ApiProperty() answeredOnTime: number;
  @ApiProperty() answeredLate: number;
  @ApiProperty({ description: 'Not answered, still within its time' }) waiting: number;
  @ApiProperty({ description: 'Not answered, past its time' }) overdue: number;
}

export class OneStopFiguresDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [FigureRowDto] }) rows: FigureRowDto[];
  @ApiProperty({ type: FigureTotalDto }) total: FigureTotalDto;
  @ApiProperty({ type: [VoiceRowDto], description: 'Satisfaction scores and feedback answered, per unit' })
  voice: VoiceRowDto[];
}

export class SendFeedbackDto {
  @ApiProperty({ format: 'uuid', description: 'The unit written to (GET /public/feedback/units)' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: FEEDBACK_KINDS, description: 'suggestion: góp ý; complaint: phản ánh' })
  @IsIn(FEEDBACK_KINDS)
  kind: FeedbackKind;

  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Whom or what it is about: an official, a counter, a file',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  about?: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @NotBlank()
  @MaxLength(4000)
  text: string;

  @ApiPropertyOptional({ maxLength: 120, description: 'Optional; only the unit’s leaders see it' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  contactName?: string;

  @ApiPropertyOptional({ example: '0905123456', description: 'Optional; only the unit’s leaders see it' })
  @IsOptional()
  @Matches(/^(\+84|0)\d{9,10}$/, {
    message: 'contactPhone must be a Vietnamese phone number such as 0905123456',
  })
  contactPhone?: string;
}

export class SentFeedbackDto {
  @ApiProperty({ example: 'GY-261208-482913', description: 'Mã phản ánh: keep it with the PIN' })
  code: string;
  @ApiProperty({ example: '042917' }) pin: string;
  @ApiProperty({ format: 'date-time', description: 'The answer is due by then' }) dueAt: string;
}

export class PublicFeedbackDto {
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The unit written to' }) unit: string;
  @ApiProperty({ enum: FEEDBACK_KINDS }) kind: FeedbackKind;
  @ApiProperty({ nullable: true, type: String }) about: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'The leader’s answer; null until given' })
  answer: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) answeredAt: string | null;
}

export class FeedbackViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ enum: FEEDBACK_KINDS }) kind: FeedbackKind;
  @ApiProperty({ nullable: true, type: String }) about: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ description: 'Unanswered past its due time' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) answeredBy: PersonRefDto | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) answeredAt: string | null;
  @ApiProperty() version: number;
}

export class FeedbackListQuery {
  @ApiProperty({ format: 'uuid', description: 'The unit whose mailbox' })
  @IsUUID()
  unitId: string;
}

export class AnswerFeedbackDto extends FileVersionDto {
  @ApiProperty({ maxLength: 4000, description: 'The answer the citizen reads by code and PIN' })
  @IsString()
  @NotBlank()
  @MaxLength(4000)
  answer: string;
}

export class FeedbackUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}
