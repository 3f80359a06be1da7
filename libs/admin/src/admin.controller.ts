import { Body, Controller, Delete, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@lt/access';
import { Authenticated, CurrentActor } from '@lt/auth';
import { AppError, uuidPipe } from '@lt/common';
import { PersonDto, UnitRecordDto } from '@lt/directory';
import {
  CreatePersonDto,
  CreateUnitDto,
  ImportReportDto,
  MovePersonDto,
  MoveUnitDto,
  PositionInputDto,
  ResetPasswordDto,
  UpdatePersonDto,
  UpdateUnitDto,
  VersionOnlyDto,
} from './admin.dto';
import { parseOrgCsv, parseOrgJson } from './org-import';
import { OrgImporter } from './org-importer.service';
import { PeopleAdministration } from './people-administration.service';
import { UnitAdministration } from './unit-administration.service';

@ApiTags('admin: units')
@Controller('admin/units')
export class UnitsAdminController {
  constructor(private readonly units: UnitAdministration) {}

  @Post()
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({ summary: 'Tạo đơn vị / Create a unit under a parent in your subtree' })
  @ApiCreatedResponse({ type: UnitRecordDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUnitDto): Promise<UnitRecordDto> {
    return this.units.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({ summary: 'Đổi tên, mã / Rename a unit or change its codes' })
  @ApiOkResponse({ type: UnitRecordDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: UpdateUnitDto,
  ): Promise<UnitRecordDto> {
    return this.units.update(actor, id, body);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({ summary: 'Chuyển đơn vị / Move a unit with its subtree under another parent' })
  @ApiOkResponse({ type: UnitRecordDto })
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: MoveUnitDto,
  ): Promise<UnitRecordDto> {
    return this.units.move(actor, id, body);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Authenticated({ permission: 'unit.manage' })
  @ApiOperation({ summary: 'Ngừng hoạt động / Deactivate an empty unit (history is kept)' })
  @ApiOkResponse({ type: UnitRecordDto })
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: VersionOnlyDto,
  ): Promise<UnitRecordDto> {
    return this.units.deactivate(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: 'unit.manage' })
  @ApiQuery({ name: 'version', type: Number })
  @ApiOperation({ summary: 'Xóa đơn vị / Delete a unit that was never used' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query('version', ParseIntPipe) version: number,
  ): Promise<void> {
    await this.units.remove(actor, id, version);
  }
}

@ApiTags('admin: people')
@Controller('admin/people')
export class PeopleAdminController {
  constructor(private readonly people: PeopleAdministration) {}

  @Post()
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Tạo tài khoản cán bộ / Create a person with positions' })
  @ApiCreatedResponse({ type: PersonDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePersonDto): Promise<PersonDto> {
    return this.people.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Sửa thông tin / Change name or e-mail' })
  @ApiOkResponse({ type: PersonDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: UpdatePersonDto,
  ): Promise<PersonDto> {
    return this.people.update(actor, id, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Khóa tài khoản / Disable the account and end its sessions' })
  @ApiOkResponse({ type: PersonDto })
  disable(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: VersionOnlyDto,
  ): Promise<PersonDto> {
    return this.people.disable(actor, id, body);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Mở khóa tài khoản / Enable the account' })
  @ApiOkResponse({ type: PersonDto })
  enable(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: VersionOnlyDto,
  ): Promise<PersonDto> {
    return this.people.enable(actor, id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Đặt lại mật khẩu / Set a new password and end all sessions' })
  @ApiOkResponse({ type: PersonDto })
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: ResetPasswordDto,
  ): Promise<PersonDto> {
    return this.people.resetPassword(actor, id, body);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Điều chuyển / Move the positions held in one unit to another' })
  @ApiOkResponse({ type: PersonDto })
  move(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: MovePersonDto,
  ): Promise<PersonDto> {
    return this.people.move(actor, id, body);
  }

  @Post(':id/positions')
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Thêm chức vụ / Add a position' })
  @ApiCreatedResponse({ type: PersonDto })
  addPosition(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() body: PositionInputDto,
  ): Promise<PersonDto> {
    return this.people.addPosition(actor, id, body);
  }

  @Delete(':id/positions/:positionId')
  @Authenticated({ permission: 'person.manage' })
  @ApiOperation({ summary: 'Gỡ chức vụ / Remove a position (not the last one)' })
  @ApiOkResponse({ type: PersonDto })
  removePosition(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Param('positionId', uuidPipe('positionId')) positionId: string,
  ): Promise<PersonDto> {
    return this.people.removePosition(actor, id, positionId);
  }
}

@ApiTags('admin: import')
@Controller('admin/org-import')
export class OrgImportController {
  constructor(private readonly importer: OrgImporter) {}

  @Post()
  @HttpCode(200)
  @Authenticated({ permission: 'org.import' })
  @ApiOperation({
    summary: 'Nhập đơn vị và cán bộ / Import units and people (all or nothing, idempotent)',
    description:
      'Body: `{ "units": [...], "people": [...] }`, or `{ "csv": "type,code,name,..." }` with the columns of ' +
      'docs/org-import.md. Invalid rows → 422 import/invalid_rows listing every row; nothing is written.',
  })
  @ApiBody({ schema: { type: 'object' } })
  @ApiOkResponse({
    type: ImportReportDto,
    description: 'Counts of created, updated, moved and unchanged records',
  })
  run(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ImportReportDto> {
    const csv = (body as { csv?: unknown } | null)?.csv;
    if (csv !== undefined && typeof csv !== 'string') {
      throw new AppError('request/validation_failed', undefined, [
        { field: 'csv', message: 'csv must be a string' },
      ]);
    }
    return this.importer.import(actor, typeof csv === 'string' ? parseOrgCsv(csv) : parseOrgJson(body));
  }
}
