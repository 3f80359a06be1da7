import { ROLES } from '@lt/people/roles';
import { roleGrants } from '@lt/access/permissions';
import { FormEvent, Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Person, Unit, UnitWithHistory } from '../api-schema';
import { useSession } from '../session';
import { ErrorMessage, Field, formatDate, Loading, useAsync } from '../ui';
import { MergeWizard } from './MergeWizard';
import { UnitFields } from './UnitFields';

const KINDS = ['district', 'ward', 'department'];

/** Unit administrators: the unit tree they manage, its people, new units and accounts. */
export function Admin() {
  const { t } = useTranslation();
  const { me } = useSession();
  const root = me?.positions.find((p) => roleGrants(p.role, 'unit.manage'));
  const tree = useAsync(
    () => (root ? api<Unit[]>('GET', `/units/${root.unitId}/subtree`) : Promise.resolve([])),
    [root?.unitId],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const unit = tree.data?.find((u) => u.id === selected) ?? null;

  return (
    <section className="split">
      <div className="panel">
        <h1>{t('admin.title')}</h1>
        <h2>{t('admin.units')}</h2>
        <p>
          <button type="button" onClick={() => setMerging(!merging)} aria-expanded={merging}>
            {t('reorg.open')}
          </button>
        </p>
        <ErrorMessage error={tree.error} />
        {tree.loading && !tree.data && <Loading />}
        <ul className="tree">
          {tree.data?.map((u) => (
            <li key={u.id} style={{ paddingLeft: `${u.depth * 1.2}rem` }}>
              <button
                className={`link ${selected === u.id ? 'strong' : ''}`}
                aria-current={selected === u.id}
                onClick={() => setSelected(u.id)}
              >
                {u.name}
              </button>{' '}
              <span className="muted">
                {t(`kind.${u.kind}`)} · {u.code}
                {!u.active && ` · ${t('reorg.retired')}`}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {merging && tree.data ? (
        <MergeWizard units={tree.data} onDone={tree.reload} />
      ) : unit ? (
        <UnitPanel key={unit.id} unit={unit} onChanged={tree.reload} />
      ) : (
        <p className="panel muted">{t('admin.pick')}</p>
      )}
    </section>
  );
}

function UnitPanel({ unit, onChanged }: { unit: Unit; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const people = useAsync(() => api<Person[]>('GET', `/units/${unit.id}/people`), [unit.id]);
  const history = useAsync(() => api<UnitWithHistory>('GET', `/units/${unit.id}`), [unit.id, unit.version]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [managing, setManaging] = useState<string | null>(null);
  const [child, setChild] = useState({ kind: 'ward', name: '', code: '', organId: '' });
  const [newPerson, setNewPerson] = useState({
    username: '',
    fullName: '',
    password: '',
    role: 'official',
    title: '',
  });

  const run = async (action: () => Promise<unknown>, event?: FormEvent) => {
    event?.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await action();
      setSaved(true);
      people.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="panel">
      <h2>{unit.name}</h2>
      <p className="muted">
        {t(`kind.${unit.kind}`)} · {unit.code} · {unit.organId}
      </p>
      {(history.data?.formerNames.length ?? 0) > 0 && (
        <p className="muted" data-testid="former-names">
          {t('admin.formerNames')}:{' '}
          {history
            .data!.formerNames.map((n) =>
              t('admin.formerName', { ...n, until: formatDate(n.validUntil, i18n.language) }),
            )
            .join('; ')}
        </p>
      )}
      <ErrorMessage error={error ?? people.error} />
      {saved && (
        <p className="ok" role="status">
          {t('admin.created')}
        </p>
      )}
      <h3>{t('admin.people')}</h3>
      <table className="grid">
        <tbody>
          {people.data?.map((p) => (
            <Fragment key={p.id}>
              <tr>
                <td>
                  {p.fullName} <span className="muted">({p.username})</span>
                  {p.disabled && <span className="tag danger">{t('admin.disabled')}</span>}
                </td>
                <td>
                  {p.positions
                    .filter((pos) => pos.unitId === unit.id)
                    .map((pos) => pos.title ?? t(`role.${pos.role}`))
                    .join(', ')}
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      (p.disabled || window.confirm(t('admin.confirmDisable', { name: p.fullName }))) &&
                      void run(() =>
                        api('POST', `/admin/people/${p.id}/${p.disabled ? 'enable' : 'disable'}`, {
                          version: p.version,
                        }),
                      )
                    }
                  >
                    {p.disabled ? t('admin.enable') : t('admin.disable')}
                  </button>{' '}
                  <button
                    type="button"
                    aria-expanded={managing === p.id}
                    onClick={() => setManaging(managing === p.id ? null : p.id)}
                  >
                    {t('admin.manage')}
                  </button>
                </td>
              </tr>
              {managing === p.id && (
                <tr>
                  <td colSpan={3}>
                    <ManagePerson person={p} unit={unit} run={run} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <form
        className="subform"
        onSubmit={(e) =>
          void run(
            () =>
              api('POST', '/admin/people', {
                username: newPerson.username,
                fullName: newPerson.fullName,
                password: newPerson.password,
                positions: [
                  {
                    unitId: unit.id,
                    role: newPerson.role,
                    ...(newPerson.title ? { title: newPerson.title } : {}),
                  },
                ],
              }),
            e,
          )
        }
      >
        <h3>{t('admin.addPerson')}</h3>
        <div className="row">
          <Field label={t('admin.username')}>
            <input
              value={newPerson.username}
              onChange={(e) => setNewPerson({ ...newPerson, username: e.target.value })}
              required
            />
          </Field>
          <Field label={t('admin.fullName')}>
            <input
              value={newPerson.fullName}
              onChange={(e) => setNewPerson({ ...newPerson, fullName: e.target.value })}
              required
            />
          </Field>
          <Field label={t('admin.password')}>
            <input
              type="password"
              autoComplete="new-password"
              value={newPerson.password}
              onChange={(e) => setNewPerson({ ...newPerson, password: e.target.value })}
              required
              minLength={8}
            />
          </Field>
          <Field label={t('admin.role')}>
            <RoleSelect value={newPerson.role} onChange={(role) => setNewPerson({ ...newPerson, role })} />
          </Field>
        </div>
        <Field label={t('admin.positionTitle')}>
          <input
            value={newPerson.title}
            onChange={(e) => setNewPerson({ ...newPerson, title: e.target.value })}
          />
        </Field>
        <button type="submit" className="primary">
          {t('admin.addPerson')}
        </button>
      </form>
      <form
        className="subform"
        onSubmit={(e) =>
          void run(async () => {
            await api('POST', '/admin/units', { parentId: unit.id, ...child });
            onChanged();
          }, e)
        }
      >
        <h3>{t('admin.addUnit')}</h3>
        <UnitFields value={child} onChange={setChild} kinds={KINDS} />
        <button type="submit" className="primary">
          {t('admin.addUnit')}
        </button>
      </form>
    </div>
  );
}

/** A person's password and positions in this unit. */
function ManagePerson({
  person,
  unit,
  run,
}: {
  person: Person;
  unit: Unit;
  run: (action: () => Promise<unknown>, event?: FormEvent) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [position, setPosition] = useState({ role: 'official', title: '' });
  const here = person.positions.filter((p) => p.unitId === unit.id);
  return (
    <div className="subform" data-testid="manage-person">
      <form
        className="row"
        onSubmit={(e) =>
          void run(async () => {
            await api('POST', `/admin/people/${person.id}/reset-password`, {
              newPassword: password,
              version: person.version,
            });
            setPassword('');
          }, e)
        }
      >
        <Field label={t('admin.newPassword')}>
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={8}
          />
        </Field>
        <div>
          <button type="submit">{t('admin.resetPassword')}</button>
          <p className="muted">{t('admin.resetExplain')}</p>
        </div>
      </form>
      <ul>
        {here.map((pos) => (
          <li key={pos.id}>
            {pos.title ?? t(`role.${pos.role}`)} ({t(`role.${pos.role}`)}){' '}
            <button
              type="button"
              onClick={() => void run(() => api('DELETE', `/admin/people/${person.id}/positions/${pos.id}`))}
            >
              {t('admin.removePosition')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) =>
          void run(
            () =>
              api('POST', `/admin/people/${person.id}/positions`, {
                unitId: unit.id,
                role: position.role,
                ...(position.title ? { title: position.title } : {}),
              }),
            e,
          )
        }
      >
        <Field label={t('admin.role')}>
          <RoleSelect value={position.role} onChange={(role) => setPosition({ ...position, role })} />
        </Field>
        <Field label={t('admin.positionTitle')}>
          <input
            value={position.title}
            onChange={(e) => setPosition({ ...position, title: e.target.value })}
          />
        </Field>
        <div>
          <button type="submit">{t('admin.addPosition')}</button>
        </div>
      </form>
    </div>
  );
}

function RoleSelect({ value, onChange }: { value: string; onChange: (role: string) => void }) {
  const { t } = useTranslation();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`role.${r}`)}
        </option>
      ))}
    </select>
  );
}
