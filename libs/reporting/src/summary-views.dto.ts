import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto, PersonRefDto, UnitRefDto } from '@lt/common';
import { UNIT_KINDS, UnitKind } from '@lt/org';
import {
  CitizenFileFigures,
  PeopleReport,
  PersonRow,
  SUMMARY_CATEGORIES,
  SummaryCategory,
  SummaryFigures,
  SummaryPeriod,
  SummaryReport,
  SummaryRow,
  SummaryTaskItem,
  SummaryTaskPage,
  TrendPoint,
  TrendReport,
  UnitRef,
} from './summary-figures';

export class SummaryUnitDto extends UnitRefDto implements UnitRef {
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
}

export class SummaryPeriodDto implements SummaryPeriod {
  @ApiProperty({ example: '2026-11', description: 'First month, as asked' }) from: string;
  @ApiProperty({ example: '2026-11', description: 'Last month, as asked' }) to: string;
  @ApiProperty({ format: 'date-time', description: 'Start of the period' }) start: string;
  @ApiProperty({ format: 'date-time', description: 'End of the period (exclusive)' }) end: string;
}

export class SummaryFiguresDto implements SummaryFigures {
  @ApiProperty({ description: 'Được giao' }) assigned: number;
  @ApiProperty({ description: 'Hoàn thành đúng hạn' }) doneOnTime: number;
  @ApiProperty({ description: 'Hoàn thành trễ hạn' }) doneLate: number;
  @ApiProperty({ description: 'Đang thực hiện trong hạn' }) inProgress: number;
  @ApiProperty({ description: 'Quá hạn' }) overdue: number;
  @ApiProperty({ description: 'Số lần đôn đốc — times the counted tasks were urged' }) urged: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Tỷ lệ đúng hạn, 0–1; null when nothing is due' })
  onTimeRate: number | null;
}

const ROW_SCOPES = ['subtree', 'unit'] as const;

export class CitizenFileFiguresDto implements CitizenFileFigures {
  @ApiProperty({ description: 'Hồ sơ tiếp nhận — files its counters received in the period' })
  received: number;
  @ApiProperty({ description: 'Trả đúng hẹn' }) onTime: number;
  @ApiProperty({ description: 'Trả trễ hẹn, or counted late once' }) late: number;
  @ApiProperty({ description: 'Đang giải quyết trong hạn (or waiting for papers)' }) inTime: number;
  @ApiProperty({ description: 'Quá hạn' }) overdue: number;
  @ApiProperty({ nullable: true, type: Number, description: 'onTime / (onTime + late + overdue), 0–1' })
  onTimeRate: number | null;
}

export class SummaryRowDto extends SummaryFiguresDto implements SummaryRow {
  @ApiProperty({ type: SummaryUnitDto }) unit: SummaryUnitDto;
  @ApiProperty({ enum: ROW_SCOPES }) scope: (typeof ROW_SCOPES)[number];
  @ApiProperty({ type: CitizenFileFiguresDto, description: 'The citizens’ files (một cửa) of the line' })
  citizenFiles: CitizenFileFiguresDto;
}

export class SummaryReportDto implements SummaryReport {
  @ApiProperty({ type: SummaryUnitDto }) unit: SummaryUnitDto;
  @ApiProperty({ type: SummaryPeriodDto }) period: SummaryPeriodDto;
  @ApiProperty({ format: 'date-time', description: 'The moment the figures are exact at' })
  generatedAt: string;
  @ApiProperty({ type: SummaryRowDto, description: "The unit's whole subtree" }) total: SummaryRowDto;
  @ApiProperty({ type: [SummaryRowDto], description: "Each direct child unit, then the unit's own tasks" })
  rows: SummaryRowDto[];
}

export class PersonRowDto extends SummaryFiguresDto implements PersonRow {
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'null: tasks led by the unit, no person' })
  person: PersonRefDto | null;
}

export class PeopleReportDto implements PeopleReport {
  @ApiProperty({ type: SummaryUnitDto }) unit: SummaryUnitDto;
  @ApiProperty({ type: SummaryPeriodDto }) period: SummaryPeriodDto;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [PersonRowDto] }) rows: PersonRowDto[];
}

export class SummaryTaskLeadDto {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: PersonRefDto, nullable: true }) user: PersonRefDto | null;
}

export class SummaryTaskItemDto implements SummaryTaskItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: SummaryTaskLeadDto }) lead: SummaryTaskLeadDto;
  @ApiProperty({ format: 'date-time' }) deadline: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt: string | null;
}

export class SummaryTaskPageDto extends PageInfoDto implements SummaryTaskPage {
  @ApiProperty({ type: SummaryUnitDto }) unit: SummaryUnitDto;
  @ApiProperty({ enum: SUMMARY_CATEGORIES }) category: SummaryCategory;
  @ApiProperty() subtree: boolean;
  @ApiProperty({ type: SummaryPeriodDto }) period: SummaryPeriodDto;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [SummaryTaskItemDto] }) items: SummaryTaskItemDto[];
}

export class TrendPointDto extends SummaryFiguresDto implements TrendPoint {
  @ApiProperty({ example: '2026-11' }) month: string;
}

export class TrendReportDto implements TrendReport {
  @ApiProperty({ type: SummaryUnitDto }) unit: SummaryUnitDto;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [TrendPointDto] }) months: TrendPointDto[];
}
