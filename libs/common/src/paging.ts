import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** How far a list may be paged: the last page asked for, the largest page and its default size. */
export interface PageLimits {
  maxPage?: number;
  maxPageSize?: number;
  defaultPageSize?: number;
}

type Constructor = abstract new () => object;

/** The fields {@link PagedQuery} adds. */
export interface PageFields {
  page?: number;
  pageSize?: number;
}

/**
 * The `page` and `pageSize` of a list query, validated and documented alike on every list:
 * `class TaskListQuery extends PagedQuery()`, or `extends PagedQuery(limits, SummaryQuery)`
 * to add them to another query. {@link pageOf} reads them with the same default.
 */
export function PagedQuery<B extends Constructor = Constructor>(
  limits: PageLimits = {},
  Base?: B,
): abstract new () => PageFields & InstanceType<B> {
  const { maxPage = 10000, maxPageSize = 100, defaultPageSize = 20 } = limits;
  abstract class Paged extends (Base ?? class {}) implements PageFields {
    @ApiPropertyOptional({ minimum: 1, maximum: maxPage, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxPage)
    page?: number;

    @ApiPropertyOptional({ minimum: 1, maximum: maxPageSize, default: defaultPageSize })
    @IsOptional()
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxPageSize)
    pageSize?: number;
  }
  return Paged as abstract new () => PageFields & InstanceType<B>;
}

/** The page a list query asks for, with the list's default size, and the rows to skip before it. */
export function pageOf(query: PageFields, defaultPageSize = 20) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultPageSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}
