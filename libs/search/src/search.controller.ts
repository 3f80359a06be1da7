import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { SEARCH_TYPES, SearchHit, SearchService, SearchType } from './search.service';

export class SearchQuery {
  @ApiProperty({ minLength: 2, maxLength: 200, description: 'Words, with or without diacritics ("tien do")' })
  @IsString()
  q: string;

  @ApiPropertyOptional({
    enum: SEARCH_TYPES,
    isArray: true,
    description: 'Kinds to search, comma-separated (default: all)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @IsIn(SEARCH_TYPES, { each: true })
  types?: SearchType[];

  @ApiPropertyOptional({ default: 20, maximum: 50, description: 'At most this many of each kind' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class SearchHitDto implements SearchHit {
  @ApiProperty({ enum: SEARCH_TYPES }) type: SearchType;
  @ApiProperty({ format: 'uuid', description: 'The message, directive, task, document or briefing' })
  id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The matching text around the first word found, as written' }) snippet: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "A message's channel" })
  channelId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "A message's place in its channel" })
  n: number | null;
}

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary:
      'Search everything I may read — messages, directives, tasks, documents, weekly briefings — without needing diacritics',
  })
  @ApiOkResponse({ type: [SearchHitDto] })
  search(@CurrentActor() actor: Actor, @Query() query: SearchQuery): Promise<SearchHitDto[]> {
    return this.searchService.search(actor, query.q, query.types ?? [], query.limit ?? 20);
  }
}
