import { auditHash, GENESIS_HASH, HashedFields } from './audit-hash';

const entry: HashedFields = {
  chain: 'unit-1',
  seq: '1',
  at: new Date('2026-11-26T01:02:03.456Z'),
  actorId: null,
  actingUnitId: 'unit-1',
  action: 'unit.create',
  subjectType: 'unit',
  subjectId: 'unit-2',
  before: null,
  after: { name: 'Phường An Hải Bắc', code: 'AHB' },
  requestId: 'req-1',
  prevHash: GENESIS_HASH,
};

describe('auditHash', () => {
  it('does not depend on the key order of before/after (jsonb reorders keys)', () => {
    expect(auditHash({ ...entry, after: { code: 'AHB', name: 'Phường An Hải Bắc' } })).toBe(auditHash(entry));
  });

  it('changes when any field changes', () => {
    const base = auditHash(entry);
    expect(auditHash({ ...entry, action: 'unit.rename' })).not.toBe(base);
    expect(auditHash({ ...entry, seq: '2' })).not.toBe(base);
    expect(auditHash({ ...entry, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(auditHash({ ...entry, after: { name: 'Phường An Hải Bắc', code: 'AHB2' } })).not.toBe(base);
    expect(auditHash({ ...entry, at: new Date('2026-11-26T01:02:03.457Z') })).not.toBe(base);
  });

  it('covers the delegation when an entry names one, and leaves older entries as they were', () => {
    const base = auditHash(entry);
    expect(auditHash({ ...entry, onBehalfOfId: null, delegationId: null })).toBe(base);
    const delegated = auditHash({ ...entry, onBehalfOfId: 'user-9', delegationId: 'delegation-1' });
    expect(delegated).not.toBe(base);
    expect(auditHash({ ...entry, onBehalfOfId: 'user-9', delegationId: 'delegation-2' })).not.toBe(delegated);
  });

  it('is a sha256 hex digest', () => {
    expect(auditHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });
});
