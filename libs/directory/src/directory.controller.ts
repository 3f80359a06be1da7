import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor, Permission, PERMISSIONS, permissionsOf } from '@lt/access';
import { OrgTreeService } from '@lt/org';
import { Authenticated, CurrentActor } from '@lt/auth';
import { uuidPipe } from '@lt/common';
import { PeopleService } from '@lt/people';
import { MeDto, MyUnitDto, PersonDto, UnitDto, UnitSearchQuery, UnitWithHistoryDto } from './directory.dto';
import { DirectoryService } from './directory.service';

const isPermission = (value: string): value is Permission =>
  (PERMISSIONS as readonly string[]).includes(value);

@ApiTags('directory')
@Controller()
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly people: PeopleService,
    private readonly tree: OrgTreeService,
  ) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Tôi / The signed-in person with their positions' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const person = await this.people.view(actor.principal.userId);
    const delegations = actor.principal.delegations ?? [];
    const unitNames = await this.tree.namesOf(delegations.map((d) => d.unitId));
    return {
      ...person,
      // What a delegated power lets me do counts too: the browser offers the action.
      permissions: [
        ...new Set([
          ...permissionsOf(actor.principal.positions.map((p) => p.role)),
          ...delegations.flatMap((d) => (d.powers as string[]).filter(isPermission)),
        ]),
      ],
      actingFor: delegations.map((d) => ({
        delegationId: d.delegationId,
        form: d.form,
        delegator: { id: d.delegatorId, fullName: d.delegatorName },
        positionId: d.positionId,
        unitId: d.unitId,
        unitName: unitNames.get(d.unitId) ?? '',
        role: d.role,
        limitUnitId: d.limitUnitId,
        powers: d.powers,
        endsAt: new Date(d.endsAt).toISOString(),
      })),
    };
  }

  @Get('me/units')
  @Authenticated()
  @ApiOperation({ summary: 'Đơn vị của tôi / Units where I hold a position, and how far each reaches' })
  @ApiOkResponse({ type: [MyUnitDto] })
  myUnits(@CurrentActor() actor: Actor): Promise<MyUnitDto[]> {
    return this.directory.myUnits(actor.principal);
  }

  @Get('units')
  @Authenticated({ permission: 'unit.read' })
  @ApiOperation({
    summary: 'Tìm đơn vị / Units I may see whose name or code, now or before a renaming, contains the words',
  })
  @ApiOkResponse({ type: [UnitWithHistoryDto] })
  searchUnits(@CurrentActor() actor: Actor, @Query() query: UnitSearchQuery): Promise<UnitWithHistoryDto[]> {
    return this.directory.search(actor.principal, query.q);
  }

  @Get('units/:id')
  @Authenticated({ permission: 'unit.read' })
  @ApiOperation({ summary: 'Một đơn vị, với tên cũ / One unit, with its former names' })
  @ApiOkResponse({ type: UnitWithHistoryDto })
  unit(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<UnitWithHistoryDto> {
    return this.directory.unit(actor.principal, id);
  }

  @Get('units/:id/subtree')
  @Authenticated({ permission: 'unit.read' })
  @ApiOperation({ summary: 'Cây đơn vị / The unit and the units under it that I may see' })
  @ApiQuery({
    name: 'depth',
    required: false,
    type: Number,
    description: 'How many levels down (default: all)',
  })
  @ApiOkResponse({ type: [UnitDto] })
  subtree(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Query('depth', new ParseIntPipe({ optional: true })) depth?: number,
  ): Promise<UnitDto[]> {
    return this.directory.subtree(actor.principal, id, depth);
  }

  @Get('units/:id/ancestors')
  @Authenticated({ permission: 'unit.read' })
  @ApiOperation({ summary: 'Chuỗi cấp trên / The chain of units above, root first' })
  @ApiOkResponse({ type: [UnitDto] })
  ancestors(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<UnitDto[]> {
    return this.directory.chainAbove(actor.principal, id);
  }

  @Get('units/:id/people')
  @Authenticated({ permission: 'person.read' })
  @ApiOperation({ summary: 'Cán bộ của đơn vị / People holding a position in the unit' })
  @ApiOkResponse({ type: [PersonDto] })
  peopleOfUnit(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<PersonDto[]> {
    return this.directory.peopleOfUnit(actor.principal, id);
  }

  @Get('people/:id')
  @Authenticated({ permission: 'person.read' })
  @ApiOperation({ summary: 'Một cán bộ / One person' })
  @ApiOkResponse({ type: PersonDto })
  person(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<PersonDto> {
    return this.directory.person(actor.principal, id);
  }
}
