import { ApiProperty } from '@nestjs/swagger';
import { AGENDA_GROUPS, AGENDA_KINDS, AgendaGroupName, AgendaItem, AgendaKind, AgendaPart } from '@lt/common';
import type { Agenda } from './agenda.service';

export class AgendaItemDto implements AgendaItem {
  @ApiProperty({ enum: AGENDA_GROUPS }) group: AgendaGroupName;
  @ApiProperty({ enum: AGENDA_KINDS, description: 'What it is: the browser opens it where its action is' })
  kind: AgendaKind;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Number and symbol, unit: what tells two items apart',
  })
  detail: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ description: 'Past its due time: listed first' }) overdue: boolean;
}

export class AgendaGroupDto implements AgendaPart {
  @ApiProperty({ enum: AGENDA_GROUPS }) group: AgendaGroupName;
  @ApiProperty({ minimum: 0, description: 'How many wait in all' }) count: number;
  @ApiProperty({ type: [AgendaItemDto], description: 'The first of them, overdue first' })
  items: AgendaItemDto[];
}

export class AgendaDto implements Agenda {
  @ApiProperty({ minimum: 0 }) total: number;
  @ApiProperty({ minimum: 0, description: 'Listed items past their due time' }) overdue: number;
  @ApiProperty({
    type: [AgendaGroupDto],
    description: 'Every group in the home page’s order, empty ones included',
  })
  groups: AgendaGroupDto[];
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}
