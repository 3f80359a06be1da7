import { ROLES } from '@lt/people';
import { grantedUnits, grantsOf, PERMISSIONS, roleGrants } from './permissions';

describe('role → permissions', () => {
  it('lets every position read within its reach', () => {
    for (const role of ROLES) {
      expect(roleGrants(role, 'unit.read')).not.toBeNull();
      expect(roleGrants(role, 'person.read')).not.toBeNull();
    }
  });

  it('gives leaders and unit admins their subtree, officials and clerks their unit', () => {
    expect(grantsOf('leader').reach).toBe('subtree');
    expect(grantsOf('deputy_leader').reach).toBe('subtree');
    expect(grantsOf('unit_admin').reach).toBe('subtree');
    expect(grantsOf('official').reach).toBe('unit');
    expect(grantsOf('clerk').reach).toBe('unit');
  });

  it('keeps administration to unit admins', () => {
    const admins = ROLES.filter((role) => roleGrants(role, 'unit.manage') !== null);
    expect(admins).toEqual(['unit_admin']);
    expect(ROLES.filter((role) => roleGrants(role, 'person.manage') !== null)).toEqual(['unit_admin']);
  });

  it('lets only leaders and deputies issue directives', () => {
    expect(ROLES.filter((role) => roleGrants(role, 'directive.issue') !== null)).toEqual([
      'leader',
      'deputy_leader',
    ]);
  });

  it('lets leaders assign tasks in their subtree, officials in their unit, and only leaders follow', () => {
    expect(roleGrants('leader', 'task.assign')).toBe('subtree');
    expect(roleGrants('deputy_leader', 'task.assign')).toBe('subtree');
    expect(roleGrants('official', 'task.assign')).toBe('unit');
    expect(roleGrants('clerk', 'task.assign')).toBeNull();
    expect(ROLES.filter((role) => roleGrants(role, 'task.follow') !== null)).toEqual([
      'leader',
      'deputy_leader',
    ]);
  });

  it('lets leaders and deputies open briefings and read those of their subtree, and no one else', () => {
    for (const permission of ['briefing.open', 'briefing.read'] as const) {
      expect(ROLES.filter((role) => roleGrants(role, permission) !== null)).toEqual([
        'leader',
        'deputy_leader',
      ]);
      expect(roleGrants('leader', permission)).toBe('subtree');
    }
  });

  it('only grants permissions from the catalogue', () => {
    for (const role of ROLES) for (const p of grantsOf(role).permissions) expect(PERMISSIONS).toContain(p);
  });

  it('tells where a person holds a permission: a clerk their unit alone, a leader their subtree', () => {
    const person = {
      positions: [
        { unitId: 'ward', role: 'clerk' },
        { unitId: 'district', role: 'deputy_leader' },
        { unitId: 'city', role: 'official' },
      ],
    };
    expect(grantedUnits(person, 'document.read')).toEqual({ unit: ['ward'], subtree: ['district'] });
    expect(grantedUnits(person, 'document.register')).toEqual({ unit: ['ward'], subtree: [] });
    expect(grantedUnits(person, 'task.assign')).toEqual({ unit: ['city'], subtree: ['district'] });
    expect(grantedUnits({ positions: [] }, 'unit.read')).toEqual({ unit: [], subtree: [] });
  });
});
