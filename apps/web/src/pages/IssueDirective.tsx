import { FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentMeta } from '../contract';
import { api } from '../api';
import type {
  DirectiveProgress,
  EscalationView,
  IssuedDirective,
  IssuedItem as Issued,
  Unit,
  UnitProgress,
} from '../api-schema';
import { live } from '../live';
import { useSession } from '../session';
import { isLeadingRole } from '@lt/access/roles';
import {
  AttachmentList,
  AttachmentPicker,
  ErrorMessage,
  EscalationTrail,
  Field,
  formatDate,
  UrgencySelect,
  useAsync,
  useIdempotentCreate,
} from '../ui';

/** The document types a directive is issued as (the symbol's middle part, e.g. 29/CT-…). */
const DOCUMENT_TYPES = ['CT', 'CV', 'TB', 'KH'] as const;

/** Leaders: issue a directive to units picked from the org tree, and watch acknowledgements live. */
export function IssueDirective() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  // My own leading posts, then those delegated to me to issue from (thừa ủy quyền, Q.).
  const own = (me?.positions ?? []).filter((p) => isLeadingRole(p.role));
  const units = [
    ...own.map((p) => ({ key: p.id, unitId: p.unitId, label: p.unitName })),
    ...(me?.actingFor ?? [])
      .filter((d) => d.powers.includes('directive.issue') && !own.some((p) => p.unitId === d.unitId))
      .map((d) => ({
        key: d.delegationId,
        unitId: d.unitId,
        label: `${d.unitName} — ${t('delegation.onBehalfOf', { form: d.form === 'Q' ? 'Q.' : 'TUQ.', name: d.delegator.fullName })}`,
      })),
  ];
  const [unitId, setUnitId] = useState(units[0]?.unitId ?? '');
  const [type, setType] = useState('CT');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [urgency, setUrgency] = useState(0);
  const [ackDue, setAckDue] = useState('');
  const [targets, setTargets] = useState<Record<string, boolean>>({});
  const [subtree, setSubtree] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const tree = useAsync(
    () => (unitId ? api<Unit[]>('GET', `/units/${unitId}/subtree?depth=2`) : Promise.resolve([])),
    [unitId],
  );
  const issued = useAsync(() => api<Issued[]>('GET', '/directives/issued?limit=10'), []);

  const [files, setFiles] = useState<AttachmentMeta[]>([]);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const create = useIdempotentCreate<object>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const picked = Object.keys(targets).filter((id) => targets[id]);
      const request = {
        issuingUnitId: unitId,
        type,
        subject,
        body,
        urgency,
        targets: picked.map((id) => ({ unitId: id, includeSubtree: subtree })),
        ackRequired: true,
        ...(ackDue ? { ackDueAt: new Date(ackDue).toISOString() } : {}),
        ...(files.length > 0 ? { attachmentIds: files.map((f) => f.id) } : {}),
      };
      // Sent again after a lost answer, it gets the same directive, not a second one.
      const result = (await create<IssuedDirective>('/directives', request, () => Promise.resolve(request)))!;
      setDone(t('issue.done', { notation: result.notation, count: result.recipientCount }));
      setSubject('');
      setBody('');
      setFiles([]);
      issued.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="split">
      <form className="panel" onSubmit={(e) => void submit(e)}>
        <h1>{t('issue.title')}</h1>
        <Field label={t('issue.unit')}>
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            {units.map((u) => (
              <option key={u.key} value={u.unitId}>
                {u.label}
              </option>
            ))}
          </select>
        </Field>
        <div className="row">
          <Field label={t('issue.type')}>
            <select value={type} onChange={(e) => setType(e.target.value)}>
              {DOCUMENT_TYPES.map((code) => (
                <option key={code} value={code}>
                  {code} — {t(`docType.${code}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('issue.urgency')}>
            <UrgencySelect value={urgency} onChange={setUrgency} />
          </Field>
        </div>
        <Field label={t('issue.subject')}>
          <input
            name="subject"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            required
            minLength={3}
            maxLength={500}
          />
        </Field>
        <Field label={t('issue.body')}>
          <textarea name="body" rows={5} value={body} onChange={(e) => setBody(e.target.value)} required />
        </Field>
        <fieldset>
          <legend>{t('issue.targets')}</legend>
          {(tree.data ?? [])
            .filter((u) => u.depth > 0)
            .map((u) => (
              <label key={u.id} className="check" style={{ paddingLeft: `${(u.depth - 1) * 1.2}rem` }}>
                <input
                  type="checkbox"
                  checked={!!targets[u.id]}
                  onChange={(e) => setTargets({ ...targets, [u.id]: e.target.checked })}
                />
                {u.name}
              </label>
            ))}
          <label className="check">
            <input type="checkbox" checked={subtree} onChange={(e) => setSubtree(e.target.checked)} />{' '}
            {t('issue.subtree')}
          </label>
        </fieldset>
        <AttachmentPicker value={files} onChange={setFiles} onBusy={setUploading} />
        <Field label={t('issue.ackDue')}>
          <input type="datetime-local" value={ackDue} onChange={(e) => setAckDue(e.target.value)} />
        </Field>
        <ErrorMessage error={error} />
        {done && (
          <p className="ok" role="status">
            {done}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || uploading}>
          {t('issue.submit')}
        </button>
      </form>
      <div className="panel">
        <h2>{t('issue.issued')}</h2>
        <ErrorMessage error={issued.error} />
        <ul className="cards">
          {issued.data?.map((d) => (
            <IssuedCard key={d.id} directive={d} language={i18n.language} onChanged={issued.reload} />
          ))}
        </ul>
      </div>
    </section>
  );
}

function IssuedCard({
  directive,
  language,
  onChanged,
}: {
  directive: Issued;
  language: string;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState(directive.counts);
  const [open, setOpen] = useState(false);
  const [units, setUnits] = useState<UnitProgress[] | null>(null);
  const [escalations, setEscalations] = useState<EscalationView[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [reminded, setReminded] = useState(false);
  const [recalling, setRecalling] = useState(false);
  const [reason, setReason] = useState('');
  const recall = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void api('POST', `/directives/${directive.id}/recall`, { reason, version: directive.version }).then(
      () => {
        setRecalling(false);
        onChanged();
      },
      setError,
    );
  };
  const loadUnits = () =>
    void api<DirectiveProgress>('GET', `/directives/${directive.id}/progress`).then((p) => {
      setUnits(p.units);
      setEscalations(p.escalations);
    }, setError);
  useEffect(() => setCounts(directive.counts), [directive.counts]);
  useEffect(
    () =>
      live.watch(directive.id, (e) => {
        setCounts(e.counts);
        if (open) loadUnits();
      }),

    [directive.id, open],
  );
  const remind = () => {
    setError(null);
    void api('POST', `/directives/${directive.id}/remind`).then(() => setReminded(true), setError);
  };
  return (
    <li className="card" data-testid="issued">
      <header>
        <strong>{directive.notation}</strong>{' '}
        {directive.recalledAt && <span className="tag danger">{t('directives.recalled')}</span>}{' '}
        <span className="muted">{formatDate(directive.issuedAt, language)}</span>
      </header>
      {directive.recallReason && (
        <p className="muted">
          {t('issue.recallReason')}: {directive.recallReason}
        </p>
      )}
      <p>{directive.subject}</p>
      <AttachmentList files={directive.attachments} base={`/directives/${directive.id}/attachments`} />
      <p>
        {t('issue.progress')}:{' '}
        <strong data-testid="ack-count">
          {counts.acknowledged}/{counts.recipients}
        </strong>{' '}
        <span className="muted">
          ({counts.delivered} {t('issue.delivered')}, {counts.read} {t('issue.read')})
        </span>
      </p>
      <progress max={counts.recipients} value={counts.acknowledged} />
      <div className="actions">
        <button
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
            if (!open) loadUnits();
          }}
        >
          {t('issue.perUnit')}
        </button>
        {counts.acknowledged < counts.recipients && !directive.recalledAt && (
          <button type="button" onClick={remind} disabled={reminded}>
            {t('issue.remind')}
          </button>
        )}
        {!directive.recalledAt && (
          <button type="button" aria-expanded={recalling} onClick={() => setRecalling(!recalling)}>
            {t('issue.recall')}
          </button>
        )}
      </div>
      {recalling && (
        <form className="subform" onSubmit={recall}>
          <Field label={t('issue.recallReason')}>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
              autoFocus
            />
          </Field>
          <p className="muted">{t('issue.recallExplain')}</p>
          <button type="submit" className="primary">
            {t('issue.recall')}
          </button>
        </form>
      )}
      {reminded && (
        <p className="ok" role="status">
          {t('issue.reminded')}
        </p>
      )}
      <ErrorMessage error={error} />
      {open && units && (
        <table className="grid" data-testid="per-unit">
          <thead>
            <tr>
              <th>{t('issue.unitName')}</th>
              <th>{t('issue.progress')}</th>
              <th>{t('issue.notYet')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.unitId}>
                <td>{u.unitName}</td>
                <td>
                  {u.acknowledged}/{u.recipients}
                </td>
                <td>{u.pending.map((p) => p.fullName).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <EscalationTrail escalations={escalations} />}
    </li>
  );
}
