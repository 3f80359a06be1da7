import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Person, Reorganisation, Unit } from '../api-schema';
import { ErrorMessage, Field, useAsync } from '../ui';
import { UnitFields, type UnitIdentity } from './UnitFields';

type Kind = 'merge' | 'split' | 'rename';
const NEW_UNIT_KINDS = ['ward', 'district', 'department'] as const;

/**
 * The merger wizard (sáp nhập, chia tách, đổi tên) of the admin page: pick the units (or, to
 * split, the unit and the people who leave), where they go — an existing unit or a new one —
 * or a unit's new name and code, and from when; the dry run lists what each part of the system
 * would move; then carry it out.
 */
export function MergeWizard({ units, onDone }: { units: Unit[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('merge');
  const [sources, setSources] = useState<string[]>([]);
  const [userIds, setUserIds] = useState<string[]>([]);
  const [targetMode, setTargetMode] = useState<'existing' | 'new'>('existing');
  const [targetId, setTargetId] = useState('');
  const [fresh, setFresh] = useState({ parentId: '', kind: 'ward', name: '', code: '', organId: '' });
  const [renamed, setRenamed] = useState<UnitIdentity>({ name: '', code: '', organId: '' });
  const [effectiveDate, setEffectiveDate] = useState('');
  const [basis, setBasis] = useState('');
  const [preview, setPreview] = useState<Reorganisation | null>(null);
  const [done, setDone] = useState<Reorganisation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const active = units.filter((u) => u.active);
  const people = useAsync(
    () =>
      kind === 'split' && sources[0]
        ? api<Person[]>('GET', `/units/${sources[0]}/people`)
        : Promise.resolve([]),
    [kind, sources[0]],
  );

  const body = () => ({
    kind,
    sourceIds: sources,
    ...(kind === 'rename'
      ? { rename: renamed }
      : { target: targetMode === 'existing' ? { unitId: targetId } : { new: fresh } }),
    ...(kind === 'split' ? { userIds } : {}),
    ...(effectiveDate ? { effectiveAt: new Date(`${effectiveDate}T00:00:00+07:00`).toISOString() } : {}),
    ...(basis.trim() ? { basis: basis.trim() } : {}),
  });
  // Any change of the form makes the preview stale: it must be looked at again.
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
    };
  const send = async (path: string) => {
    setBusy(true);
    setError(null);
    try {
      return await api<Reorganisation>('POST', path, body());
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const look = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setPreview(await send('/reorganisations/preview'));
  };
  const carryOut = async () => {
    const result = await send('/reorganisations');
    if (result) {
      setDone(result);
      setPreview(null);
      setSources([]);
      setUserIds([]);
      onDone();
    }
  };
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);
  const moved = (preview ?? done)?.moved ?? {};
  const rows = Object.entries(moved).flatMap(([part, counts]) =>
    Object.entries(counts).map(([item, count]) => ({ key: `${part}.${item}`, count })),
  );

  return (
    <form className="panel merge-wizard" onSubmit={(e) => void look(e)} data-testid="merge-wizard">
      <h2>{t('reorg.title')}</h2>
      <p className="explain">{t('reorg.explain')}</p>
      <fieldset>
        <legend>{t('reorg.kind')}</legend>
        {(['merge', 'split', 'rename'] as const).map((k) => (
          <label key={k} className="check">
            <input
              type="radio"
              name="kind"
              checked={kind === k}
              onChange={() => {
                change(setKind)(k);
                setSources([]);
              }}
            />{' '}
            {t(`reorg.${k}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t(`reorg.${kind}Source`)}</legend>
        {active
          .filter((u) => u.depth > 0)
          .map((u) => (
            <label key={u.id} className="check" style={{ paddingLeft: `${(u.depth - 1) * 1.2}rem` }}>
              <input
                type={kind === 'merge' ? 'checkbox' : 'radio'}
                name="source"
                checked={sources.includes(u.id)}
                onChange={(e) => {
                  change(setSources)(kind === 'merge' ? toggle(sources, u.id, e.target.checked) : [u.id]);
                  if (kind === 'rename') setRenamed({ name: u.name, code: u.code, organId: u.organId });
                }}
              />{' '}
              {u.name} <span className="muted">({t(`kind.${u.kind}`)})</span>
            </label>
          ))}
      </fieldset>
      {kind === 'split' && sources[0] && (
        <fieldset>
          <legend>{t('reorg.people')}</legend>
          {(people.data ?? []).map((p) => (
            <label key={p.id} className="check">
              <input
                type="checkbox"
                checked={userIds.includes(p.id)}
                onChange={(e) => change(setUserIds)(toggle(userIds, p.id, e.target.checked))}
              />{' '}
              {p.fullName}
            </label>
          ))}
        </fieldset>
      )}
      {kind === 'rename' ? (
        sources[0] && (
          <fieldset>
            <legend>{t('reorg.newNames')}</legend>
            <UnitFields value={renamed} onChange={change(setRenamed)} />
          </fieldset>
        )
      ) : (
        <fieldset>
          <legend>{t('reorg.target')}</legend>
          <label className="check">
            <input
              type="radio"
              checked={targetMode === 'existing'}
              onChange={() => change(setTargetMode)('existing')}
            />{' '}
            {t('reorg.existing')}
          </label>
          <label className="check">
            <input
              type="radio"
              checked={targetMode === 'new'}
              onChange={() => change(setTargetMode)('new')}
            />{' '}
            {t('reorg.newUnit')}
          </label>
          {targetMode === 'existing' ? (
            <Field label={t('reorg.targetUnit')}>
              <select value={targetId} required onChange={(e) => change(setTargetId)(e.target.value)}>
                <option value="" />
                {active
                  .filter((u) => !sources.includes(u.id))
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </Field>
          ) : (
            <div className="row">
              <Field label={t('reorg.parent')}>
                <select
                  value={fresh.parentId}
                  required
                  onChange={(e) => change(setFresh)({ ...fresh, parentId: e.target.value })}
                >
                  <option value="" />
                  {active.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </Field>
              <UnitFields value={fresh} onChange={change(setFresh)} kinds={NEW_UNIT_KINDS} />
            </div>
          )}
        </fieldset>
      )}
      <div className="row">
        <Field label={t('reorg.effective')}>
          <input
            type="date"
            value={effectiveDate}
            onChange={(e) => change(setEffectiveDate)(e.target.value)}
          />
        </Field>
        <Field label={t('reorg.basis')}>
          <input
            value={basis}
            maxLength={500}
            placeholder="Nghị quyết số …/NQ-UBTVQH15"
            onChange={(e) => change(setBasis)(e.target.value)}
          />
        </Field>
      </div>
      <ErrorMessage error={error} />
      <button type="submit" disabled={busy || sources.length === 0}>
        {t('reorg.preview')}
      </button>
      {(preview || done) && (
        <div data-testid={done ? 'reorg-done' : 'reorg-preview'}>
          <h3>
            {kind === 'rename'
              ? t(done ? 'reorg.renamed' : 'reorg.wouldRename', {
                  from: (done ?? preview)!.renamedFrom?.name,
                  target: (done ?? preview)!.target.name,
                })
              : done
                ? t('reorg.done', { target: done.target.name })
                : t('reorg.wouldMove', { target: preview!.target.name })}
          </h3>
          <table className="reorg-moved">
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td>{t(`reorg.moved.${r.key}`, { defaultValue: r.key })}</td>
                  <td>{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview && (
            <button type="button" className="primary" disabled={busy} onClick={() => void carryOut()}>
              {t(`reorg.carryOut.${kind}`)}
            </button>
          )}
        </div>
      )}
    </form>
  );
}
