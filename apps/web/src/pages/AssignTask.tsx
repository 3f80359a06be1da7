import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api';
import type { InboxItem, IssuedItem, Person, TaskDetail, Unit } from '../api-schema';
import { useSession } from '../session';
import { ASSIGNMENT_KIND, useSignedSubmit } from '../signed-submit';
import { keyOf } from '../signing';
import { ErrorMessage, Field, Loading, UnitsSelect, UrgencySelect, useAsync, UnitOptions } from '../ui';

/** Create an assignment and sign it here, with this browser's key; the server verifies it. */
export function AssignTask() {
  const { t } = useTranslation();
  const { me } = useSession();
  // Opened from a task ("giao việc con") or from a directive: that is the source it is signed with.
  const [params] = useSearchParams();
  const parentId = params.get('parent');
  const directiveId = params.get('directive');
  const source = parentId
    ? { type: 'task' as const, id: parentId }
    : directiveId
      ? { type: 'directive' as const, id: directiveId }
      : null;
  const sourceTitle = useAsync(
    () =>
      parentId
        ? api<TaskDetail>('GET', `/tasks/${parentId}`).then((x) => x.title)
        : directiveId
          ? api<InboxItem | IssuedItem>('GET', `/directives/${directiveId}`).then(
              (x) => `${x.notation} — ${x.subject}`,
            )
          : Promise.resolve(null),
    [parentId, directiveId],
  );
  const key = useAsync(() => keyOf(me!.id), [me?.id]);
  const position = me?.positions.find((p) => p.id === key.data?.positionId) ?? me?.positions[0];
  // Signed thừa ủy quyền: with a delegation of task.assign, the delegator's reach.
  const delegations = (me?.actingFor ?? []).filter((d) => d.powers.includes('task.assign'));
  const [actingForId, setActingForId] = useState('');
  const actingFor = delegations.find((d) => d.delegationId === actingForId);
  const root = actingFor ? (actingFor.limitUnitId ?? actingFor.unitId) : position?.unitId;
  const tree = useAsync(
    () => (root ? api<Unit[]>('GET', `/units/${root}/subtree?depth=2`) : Promise.resolve([])),
    [root],
  );
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [lead, setLead] = useState('');
  const [leadPerson, setLeadPerson] = useState('');
  const [coordinators, setCoordinators] = useState<string[]>([]);
  const [informed, setInformed] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [priority, setPriority] = useState(0);
  const { busy, error, status, submit: signAndSend } = useSignedSubmit();
  const people = useAsync(
    () => (lead ? api<Person[]>('GET', `/units/${lead}/people`) : Promise.resolve([])),
    [lead],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const content = {
      kind: ASSIGNMENT_KIND,
      title,
      description,
      lead: leadPerson ? { unitId: lead, userId: leadPerson } : { unitId: lead },
      coordinators: coordinators.filter((c) => c !== lead).map((unitId) => ({ unitId })),
      informed: informed.filter((i) => i !== lead && !coordinators.includes(i)).map((unitId) => ({ unitId })),
      deadline: new Date(deadline).toISOString(),
      priority,
      source,
      assigner: me!.id,
      ...(actingFor
        ? { actingFor: { delegationId: actingFor.delegationId, delegatorId: actingFor.delegator.id } }
        : {}),
    };
    // Sent again after a lost answer, the same signed request gets the same task.
    void signAndSend('/tasks', content, () => {
      setTitle('');
      setDescription('');
      return t('assign.done', { title });
    });
  };

  if (key.loading) return <Loading />;
  if (!key.data)
    return (
      <section className="panel">
        <h1>{t('assign.title')}</h1>
        <p>{t('assign.needKey')}</p>
        <a href="#/certificate">{t('nav.certificate')}</a>
      </section>
    );
  const units = (tree.data ?? []).filter((u) => u.depth <= 2);
  return (
    <form className="panel narrow" onSubmit={(e) => void submit(e)}>
      <h1>{t('assign.title')}</h1>
      {source && sourceTitle.data && (
        <p className="explain" data-testid="assign-source">
          {t(source.type === 'task' ? 'assign.fromTask' : 'assign.fromDirective')}: {sourceTitle.data}
        </p>
      )}
      <ErrorMessage error={sourceTitle.error} />
      {delegations.length > 0 && (
        <Field label={t('delegation.signAs')}>
          <select
            name="actingFor"
            value={actingForId}
            onChange={(e) => {
              setActingForId(e.target.value);
              setLead('');
              setCoordinators([]);
              setInformed([]);
            }}
          >
            <option value="">{t('delegation.ownRight')}</option>
            {delegations.map((d) => (
              <option key={d.delegationId} value={d.delegationId}>
                {t('delegation.onBehalfOf', {
                  form: d.form === 'Q' ? 'Q.' : 'TUQ.',
                  name: d.delegator.fullName,
                })}{' '}
                — {d.unitName}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t('assign.taskTitle')}>
        <input
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={3}
          maxLength={500}
        />
      </Field>
      <Field label={t('assign.description')}>
        <textarea
          name="description"
          rows={4}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
      <Field label={t('assign.lead')}>
        <select
          name="lead"
          value={lead}
          onChange={(e) => {
            setLead(e.target.value);
            setLeadPerson('');
          }}
          required
        >
          <option value="" />
          <UnitOptions units={units} />
        </select>
      </Field>
      <Field label={t('assign.leadPerson')}>
        <select name="leadPerson" value={leadPerson} onChange={(e) => setLeadPerson(e.target.value)}>
          <option value="" />
          {(people.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.fullName}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('assign.coordinators')}>
        <UnitsSelect units={units} value={coordinators} onChange={setCoordinators} />
      </Field>
      <Field label={t('assign.informed')}>
        <UnitsSelect units={units} value={informed} onChange={setInformed} />
      </Field>
      <div className="row">
        <Field label={t('assign.deadline')}>
          <input
            name="deadline"
            type="datetime-local"
            value={deadline}
            onChange={(e) => setDeadline(e.target.value)}
            required
          />
        </Field>
        <Field label={t('assign.priority')}>
          <UrgencySelect value={priority} onChange={setPriority} />
        </Field>
      </div>
      <ErrorMessage error={error} />
      {status && (
        <p className="ok" role="status">
          {status}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('assign.submit')}
      </button>
    </form>
  );
}
