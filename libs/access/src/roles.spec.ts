import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HEAD_ROLES,
  headsUnit,
  isHeadRole,
  isLeadingRole,
  LEADING_ROLES,
  ledUnitIds,
  leadsUnit,
} from './roles';

describe('one decision for roles', () => {
  it('says who heads a unit: its leader and deputy leaders', () => {
    expect(LEADING_ROLES).toEqual(['leader', 'deputy_leader']);
    expect(['leader', 'deputy_leader', 'official', 'clerk', 'unit_admin'].filter(isLeadingRole)).toEqual([
      'leader',
      'deputy_leader',
    ]);
    const person = {
      positions: [
        { unitId: 'a', role: 'deputy_leader' },
        { unitId: 'b', role: 'official' },
        { unitId: 'a', role: 'leader' },
      ],
    };
    expect(ledUnitIds(person)).toEqual(['a']);
    expect(leadsUnit(person, 'a')).toBe(true);
    expect(leadsUnit(person, 'b')).toBe(false);
  });

  it('says who heads a unit alone, the one who decides: its leader, not the deputies', () => {
    expect(HEAD_ROLES).toEqual(['leader']);
    expect(['leader', 'deputy_leader', 'official', 'clerk', 'unit_admin'].filter(isHeadRole)).toEqual([
      'leader',
    ]);
    const person = {
      positions: [
        { unitId: 'a', role: 'deputy_leader' },
        { unitId: 'b', role: 'leader' },
      ],
    };
    expect(headsUnit(person, 'a')).toBe(false);
    expect(headsUnit(person, 'b')).toBe(true);
  });

  it('is decided nowhere else: no other source file names a role', () => {
    // Where a role's name may appear: the role catalogue, the permissions, the CHECK constraint,
    // the browser's labels, demo data (a directive's targets name roles as input), and the
    // browser's types generated from the OpenAPI document (the role enum, from the catalogue).
    const allowed = [
      'libs/access/src/roles.ts',
      'libs/access/src/permissions.ts',
      'libs/people/src/roles.ts',
      'libs/people/src/position.entity.ts',
      'apps/web/src/i18n.ts',
      'apps/api/src/demo-seeder.ts',
      'apps/web/src/api-types.ts',
      // The new-position form's initial choice (input, as the demo data).
      'apps/web/src/pages/Admin.tsx',
    ];
    const named = /'(leader|deputy_leader|official|clerk|unit_admin)'/;
    const root = join(__dirname, '..', '..', '..');
    const hits = ['libs', 'apps']
      .flatMap((top) =>
        readdirSync(join(root, top), { recursive: true, encoding: 'utf8' }).map((f) => `${top}/${f}`),
      )
      .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes('node_modules') && !f.endsWith('.spec.ts'))
      .filter((f) => !allowed.includes(f) && named.test(readFileSync(join(root, f), 'utf8')));
    expect(hits).toEqual([]);
  });
});
