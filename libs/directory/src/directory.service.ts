import { Injectable } from '@nestjs/common';
import { AccessService, grantsOf, Principal } from '@lt/access';
import { AppError } from '@lt/common';
import { OrgTreeService, UnitInTree } from '@lt/org';
import { PeopleService, PersonView } from '@lt/people';

/** How many name matches are looked at, and how many readable ones answered. */
const UNIT_SEARCH_SCAN = 200;
const UNIT_SEARCH_LIMIT = 30;

export type UnitWithHistory = UnitInTree & {
  mergedIntoId: string | null;
  formerNames: { name: string; code: string; organId: string; validUntil: string }[];
};

/** Read-only views of units and people, each filtered by what the reader may see. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly tree: OrgTreeService,
    private readonly people: PeopleService,
    private readonly access: AccessService,
  ) {}

  /** The units where the reader holds positions, with how far each reaches. */
  async myUnits(principal: Principal): Promise<(UnitInTree & { role: string; reach: string })[]> {
    const result = [];
    for (const position of principal.positions) {
      const unit = await this.tree.requireUnit(position.unitId);
      result.push({ ...unit, depth: 0, role: position.role, reach: grantsOf(position.role).reach });
    }
    return result;
  }

  async unit(principal: Principal, unitId: string): Promise<UnitWithHistory> {
    await this.requireExisting(unitId);
    await this.access.require(principal, 'unit.read', unitId);
    const [self] = await this.tree.subtree(unitId, 0);
    return (await this.withHistory([self]))[0];
  }

  /** The units the reader may read whose name or code, now or formerly, matches `q`. */
  async search(principal: Principal, q: string): Promise<UnitWithHistory[]> {
    const ids = await this.tree.idsNamed(q.normalize('NFC').trim(), UNIT_SEARCH_SCAN);
    const visible = await this.access.grantsFor(principal, 'unit.read', ids);
    const units = await this.tree.units(ids.filter((id) => visible.has(id)).slice(0, UNIT_SEARCH_LIMIT));
    return this.withHistory(units.map((u) => ({ ...u, depth: 0 })));
  }

  private async withHistory(units: UnitInTree[]): Promise<UnitWithHistory[]> {
    const ids = units.map((u) => u.id);
    const [former, stored] = await Promise.all([this.tree.formerNames(ids), this.tree.unitsOf(ids)]);
    return units.map((u) => ({
      ...u,
      mergedIntoId: stored.get(u.id)?.mergedIntoId ?? null,
      formerNames: former.get(u.id)!.map((n) => ({
        name: n.name,
        code: n.code,
        organId: n.organId,
        validUntil: n.validUntil.toISOString(),
      })),
    }));
  }

  /** The unit and what lies under it, down to `maxDepth`, limited to what the reader reaches. */
  async subtree(principal: Principal, unitId: string, maxDepth?: number): Promise<UnitInTree[]> {
    await this.requireExisting(unitId);
    await this.access.require(principal, 'unit.read', unitId);
    const units = await this.tree.subtree(unitId, maxDepth);
    const visible = await this.access.grantsFor(
      principal,
      'unit.read',
      units.map((u) => u.id),
    );
    return units.filter((u) => visible.has(u.id));
  }

  /** The chain of units above one the reader may read (names only; no people). */
  async chainAbove(principal: Principal, unitId: string): Promise<UnitInTree[]> {
    await this.requireExisting(unitId);
    await this.access.require(principal, 'unit.read', unitId);
    return this.tree.chainAbove(unitId);
  }

  async peopleOfUnit(principal: Principal, unitId: string): Promise<PersonView[]> {
    await this.requireExisting(unitId);
    await this.access.require(principal, 'person.read', unitId);
    return this.people.peopleInUnit(unitId);
  }

  /** A person, when the reader may read one of the units they hold a position in. */
  async person(principal: Principal, personId: string): Promise<PersonView> {
    const person = await this.people.view(personId);
    const grants = await this.access.grantsFor(
      principal,
      'person.read',
      person.positions.map((p) => p.unitId),
    );
    if (grants.size === 0 && person.id !== principal.userId)
      throw new AppError('access/forbidden', { permission: 'person.read', personId });
    return person;
  }

  private async requireExisting(unitId: string): Promise<void> {
    await this.tree.requireUnit(unitId);
  }
}
