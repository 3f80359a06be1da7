import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { parse } from 'csv-parse/sync';
import { FieldError, toFieldErrors } from '@lt/common';
import { ORGAN_ID_PATTERN, UNIT_KINDS, UnitKind } from '@lt/org';
import { Role, ROLES } from '@lt/people';
import { UNIT_CODE_PATTERN, USERNAME_PATTERN } from './admin.dto';

export class ImportUnitRow {
  @Matches(UNIT_CODE_PATTERN, { message: 'code must be 1–32 upper-case letters, digits, - or _' })
  code: string;
  @IsString() @MinLength(2) @MaxLength(200) name: string;
  @IsIn(UNIT_KINDS) kind: UnitKind;
  @Matches(ORGAN_ID_PATTERN, { message: 'organId must look like 000.00.00.H17' }) organId: string;
  @IsOptional()
  @Matches(UNIT_CODE_PATTERN, { message: 'parentCode must be a unit code' })
  parentCode?: string;
}

export class ImportPositionRow {
  @Matches(UNIT_CODE_PATTERN, { message: 'unitCode must be a unit code' }) unitCode: string;
  @IsIn(ROLES) role: Role;
  @IsOptional() @IsString() @MaxLength(120) title?: string;
}

export class ImportPersonRow {
  @Matches(USERNAME_PATTERN, { message: 'username must be 3–64 lower-case letters, digits, . _ or -' })
  username: string;
  @IsString() @MinLength(2) @MaxLength(200) fullName: string;
  @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  /** Used only when the person is created; re-imports never change a password. */
  @IsOptional() @IsString() @MinLength(8) @MaxLength(256) password?: string;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ImportPositionRow)
  @ArrayMaxSize(20)
  positions: ImportPositionRow[];
}

export class OrgImportFile {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ImportUnitRow)
  @ArrayMaxSize(20000)
  units: ImportUnitRow[] = [];
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ImportPersonRow)
  @ArrayMaxSize(100000)
  people: ImportPersonRow[] = [];
}

/** A parsed file: rows, and for each row the line of the source it came from. */
export interface ParsedImport {
  file: OrgImportFile;
  unitLines: number[];
  personLines: number[];
  errors: FieldError[];
}

export const CSV_COLUMNS = [
  'type',
  'code',
  'name',
  'kind',
  'organ_id',
  'parent_code',
  'username',
  'full_name',
  'email',
  'password',
  'unit_code',
  'role',
  'title',
] as const;

/**
 * Reads CSV: one `unit` row per unit, one `person` row per position (a person in two units
 * has two rows with the same username). Columns are named in the header, as CSV_COLUMNS.
 */
export function parseOrgCsv(text: string): ParsedImport {
  const errors: FieldError[] = [];
  let records: Record<string, string>[] = [];
  try {
    const options = {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
    } as const;
    records = parse(text, options) as Record<string, string>[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      file: new OrgImportFile(),
      unitLines: [],
      personLines: [],
      errors: [{ field: 'file', row: line, message: (error as Error).message }],
    };
  }
  const file = new OrgImportFile();
  const unitLines: number[] = [];
  const personLines: number[] = [];
  const byUsername = new Map<string, ImportPersonRow>();
  records.forEach((r, index) => {
    const line = index + 2; // the header is line 1
    const value = (key: string) => (r[key] === undefined || r[key] === '' ? undefined : r[key]);
    if (r.type === 'unit') {
      file.units.push(
        Object.assign(new ImportUnitRow(), {
          code: value('code'),
          name: value('name'),
          kind: value('kind'),
          organId: value('organ_id'),
          parentCode: value('parent_code'),
        }),
      );
      unitLines.push(line);
    } else if (r.type === 'person') {
      const username = (value('username') ?? '').toLowerCase();
      let person = byUsername.get(username);
      if (!person) {
        person = Object.assign(new ImportPersonRow(), {
          username,
          fullName: value('full_name'),
          email: value('email'),
          password: value('password'),
          positions: [],
        });
        byUsername.set(username, person);
        file.people.push(person);
        personLines.push(line);
      }
      person.positions.push(
        Object.assign(new ImportPositionRow(), {
          unitCode: value('unit_code'),
          role: value('role'),
          title: value('title'),
        }),
      );
    } else {
      errors.push({ field: 'type', row: line, message: "type must be 'unit' or 'person'" });
    }
  });
  return { file, unitLines, personLines, errors };
}

/** Reads the JSON form `{ units: [...], people: [...] }`; row numbers are 1-based indexes. */
export function parseOrgJson(value: unknown): ParsedImport {
  const file = plainToInstance(OrgImportFile, value ?? {});
  return {
    file,
    unitLines: file.units?.map((_, i) => i + 1) ?? [],
    personLines: file.people?.map((_, i) => i + 1) ?? [],
    errors: [],
  };
}

const isRow = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Lists of rows all the way down (units, people, their positions): what the checks can walk. */
export function wellFormed(file: unknown): boolean {
  if (!isRow(file)) return false;
  const { units, people } = file as { units?: unknown; people?: unknown };
  return (
    Array.isArray(units) &&
    units.every(isRow) &&
    Array.isArray(people) &&
    people.every(
      (p) =>
        isRow(p) &&
        Array.isArray((p as { positions?: unknown }).positions) &&
        (p as { positions: unknown[] }).positions.every(isRow),
    )
  );
}

/** Each row's fields, with the row of each problem. */
function shapeErrors(parsed: ParsedImport): FieldError[] {
  if (!isRow(parsed.file))
    return [{ field: 'file', message: 'the file must be an object with units and people' }];
  const top = validateSync(parsed.file, {
    forbidUnknownValues: true,
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return toFieldErrors(top).map((e) => {
    const match = /^(units|people)\.(\d+)\.?(.*)$/.exec(e.field);
    if (!match) return e;
    const lines = match[1] === 'units' ? parsed.unitLines : parsed.personLines;
    return { ...e, field: match[3] || match[1], row: lines[Number(match[2])] };
  });
}

/**
 * Checks every row and the file as a whole (duplicate codes, unknown parents, cycles) and
 * returns every problem with its row, so the admin fixes the file in one pass.
 * `existingCodes` are unit codes already in the database.
 */
export function validateImport(parsed: ParsedImport, existingCodes: ReadonlySet<string>): FieldError[] {
  const errors = [...parsed.errors, ...shapeErrors(parsed)];
  // The checks below walk the rows: a file of the wrong shape stops here.
  if (!wellFormed(parsed.file))
    return errors.length > 0
      ? errors
      : [{ field: 'file', message: 'units and people must be lists of rows' }];
  const { file } = parsed;
  /** The first row of each value of `field`; a later row with the same value is an error. */
  const firstRows = (field: string) => {
    const rows = new Map<string, number>();
    return (value: string, row: number) => {
      const first = rows.get(value);
      if (first === undefined) rows.set(value, row);
      else errors.push({ field, row, message: `${field} ${value} repeats row ${first}` });
    };
  };
  const codes = new Set(file.units.map((u) => u.code));
  const uniqueCode = firstRows('code');
  const uniqueOrganId = firstRows('organId');
  file.units.forEach((u, i) => {
    uniqueCode(u.code, parsed.unitLines[i]);
    uniqueOrganId(u.organId, parsed.unitLines[i]);
  });
  const parentOf = new Map(file.units.map((u) => [u.code, u.parentCode]));
  file.units.forEach((u, i) => {
    const row = parsed.unitLines[i];
    if (u.parentCode && !codes.has(u.parentCode) && !existingCodes.has(u.parentCode)) {
      errors.push({
        field: 'parentCode',
        row,
        message: `parent unit ${u.parentCode} is neither in the file nor in the system`,
      });
    }
    const seen = new Set<string>([u.code]);
    for (let p = u.parentCode; p && parentOf.has(p); p = parentOf.get(p)) {
      if (seen.has(p)) {
        errors.push({ field: 'parentCode', row, message: `unit ${u.code} would be its own ancestor` });
        break;
      }
      seen.add(p);
    }
  });
  const uniqueUsername = firstRows('username');
  file.people.forEach((p, i) => {
    const row = parsed.personLines[i];
    uniqueUsername(p.username, row);
    if (p.positions.length === 0)
      errors.push({ field: 'positions', row, message: 'a person needs at least one position' });
    for (const position of p.positions) {
      if (position.unitCode && !codes.has(position.unitCode) && !existingCodes.has(position.unitCode)) {
        errors.push({
          field: 'unitCode',
          row,
          message: `unit ${position.unitCode} is neither in the file nor in the system`,
        });
      }
    }
  });
  return errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** Parents before children, so each unit's parent exists when it is written. */
export function parentsFirst(units: ImportUnitRow[]): ImportUnitRow[] {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const ordered: ImportUnitRow[] = [];
  const placed = new Set<string>();
  const place = (u: ImportUnitRow) => {
    if (placed.has(u.code)) return;
    placed.add(u.code);
    const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
    if (parent) place(parent);
    ordered.push(u);
  };
  units.forEach(place);
  return ordered;
}
