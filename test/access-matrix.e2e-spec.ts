import { ROLES, Role } from '@lt/people';
import { buildOrg, Org, person, SignedIn, startTestApp, TestApp } from './support/test-app';

/**
 * Positions × units: for every role held at the city, a district and a ward, which units
 * (and their people) may be read. The expected reach is written out by hand from the tree
 * below, not computed by the code under test.
 *
 *   city ─┬─ d1 ─┬─ w1 ── team1
 *         │      └─ w2
 *         └─ d2 ─── w3
 */
const TARGETS = ['city', 'd1', 'd2', 'w1', 'w2', 'w3', 'team1'] as const;
type Target = (typeof TARGETS)[number];

const SUBTREE: Record<'city' | 'd1' | 'w1', Target[]> = {
  city: ['city', 'd1', 'd2', 'w1', 'w2', 'w3', 'team1'],
  d1: ['d1', 'w1', 'w2', 'team1'],
  w1: ['w1', 'team1'],
};
const SUBTREE_ROLES: Role[] = ['leader', 'deputy_leader', 'unit_admin'];

function expectedReach(role: Role, at: 'city' | 'd1' | 'w1'): Target[] {
  return SUBTREE_ROLES.includes(role) ? SUBTREE[at] : [at];
}

describe('access by the org tree (positions × units)', () => {
  let t: TestApp;
  let org: Org;
  const people = new Map<string, SignedIn>();

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    for (const at of ['city', 'd1', 'w1'] as const) {
      for (const role of ROLES) people.set(`${role}@${at}`, await person(t, [{ unit: org[at], role }]));
    }
  });
  afterAll(() => t.close());

  const cases = ROLES.flatMap((role) =>
    (['city', 'd1', 'w1'] as const).flatMap((at) => TARGETS.map((target) => ({ role, at, target }))),
  );

  it.each(cases)('$role at $at reading $target', async ({ role, at, target }) => {
    const who = people.get(`${role}@${at}`)!;
    const allowed = expectedReach(role, at).includes(target);
    const unit = await t.http().get(`/units/${org[target].id}`).set(who.auth);
    const staff = await t.http().get(`/units/${org[target].id}/people`).set(who.auth);
    if (allowed) {
      expect(unit.status).toBe(200);
      expect(unit.body.id).toBe(org[target].id);
      expect(staff.status).toBe(200);
    } else {
      expect(unit.status).toBe(403);
      expect(unit.body.code).toBe('access/forbidden');
      expect(staff.status).toBe(403);
      expect(staff.body.code).toBe('access/forbidden');
    }
  });

  it('limits a subtree listing to what the reader reaches', async () => {
    const official = people.get('official@d1')!;
    const list = await t.http().get(`/units/${org.d1.id}/subtree`).set(official.auth).expect(200);
    expect(list.body.map((u: { id: string }) => u.id)).toEqual([org.d1.id]);
    const leader = people.get('leader@d1')!;
    const all = await t.http().get(`/units/${org.d1.id}/subtree`).set(leader.auth).expect(200);
    expect(new Set(all.body.map((u: { id: string }) => u.id))).toEqual(
      new Set([org.d1.id, org.w1.id, org.w2.id, org.team1.id]),
    );
  });

  it('shows the chain above a unit, root first', async () => {
    const leader = people.get('leader@w1')!;
    const chain = await t.http().get(`/units/${org.team1.id}/ancestors`).set(leader.auth).expect(200);
    expect(chain.body.map((u: { id: string }) => u.id)).toEqual([
      org.city.id,
      org.d1.id,
      org.w1.id,
      org.team1.id,
    ]);
  });

  it("refuses another branch's person and allows one down the tree", async () => {
    const wardLeader = people.get('leader@w1')!;
    const w3Official = await person(t, [{ unit: org.w3, role: 'official' }]);
    const res = await t.http().get(`/people/${w3Official.id}`).set(wardLeader.auth).expect(403);
    expect(res.body.code).toBe('access/forbidden');
    const cityLeader = people.get('leader@city')!;
    await t.http().get(`/people/${w3Official.id}`).set(cityLeader.auth).expect(200);
  });

  it('refuses a malformed id with a field error', async () => {
    const res = await t.http().get('/units/not-a-uuid').set(people.get('leader@city')!.auth).expect(400);
    expect(res.body.code).toBe('request/validation_failed');
    expect(res.body.fields[0].field).toBe('id');
  });
});
