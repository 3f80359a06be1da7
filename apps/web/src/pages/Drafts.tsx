import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { Draft, DraftChoices, DocumentToSign } from '../api-schema';
import type { AttachmentMeta } from '../contract';
import { useSession } from '../session';
import { signAssignment, signDecision } from '../signing';
import {
  AttachmentList,
  AttachmentPicker,
  ErrorMessage,
  Field,
  formatDate,
  Loading,
  NeedKey,
  UnitsSelect,
  UrgencySelect,
  useAsync,
  useLiveReload,
} from '../ui';

const DOCUMENT_KIND = 'lien-thong/document@1';
const SECRECY = ['normal', 'secret', 'top_secret', 'absolute_secret'] as const;
const FORMS = ['own', 'KT', 'TM', 'Q', 'TL'] as const;

interface Form {
  unitId: string;
  typeName: string;
  codeNotation: string;
  subject: string;
  body: string;
  priority: number;
  secrecy: (typeof SECRECY)[number];
  units: string[];
  signerId: string;
  signingForm: (typeof FORMS)[number];
  note: string;
}

/**
 * Drafts of outgoing documents (dự thảo): mine and those waiting for my review or signature;
 * write one, revise it, send it through the review chain (trình ký), review it (signed), and
 * sign it — after which it is numbered, issued and delivered to the recipient units.
 */
export function Drafts() {
  const { t, i18n } = useTranslation();
  const list = useAsync(() => api<Draft[]>('GET', '/drafts'), []);
  useLiveReload((e) => e.name === 'document.draft_changed', list.reload);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  return (
    <section className="split">
      <div className="panel">
        <h1>{t('drafts.title')}</h1>
        <button type="button" className="primary" onClick={() => (setCreating(true), setSelected(null))}>
          {t('drafts.new')}
        </button>
        <ErrorMessage error={list.error} />
        <SignAll
          drafts={(list.data ?? []).filter((d) => d.allowedActions.includes('sign'))}
          onDone={list.reload}
        />
        {list.loading && !list.data && <Loading />}
        {list.data?.length === 0 && <p className="muted">{t('drafts.none')}</p>}
        <ul className="list" data-testid="drafts">
          {(list.data ?? []).map((d) => (
            <li key={d.id}>
              <button type="button" className="link" onClick={() => (setSelected(d.id), setCreating(false))}>
                {d.typeName}: {d.subject}
              </button>{' '}
              <span className={`status ${d.state}`} data-testid="draft-state">
                {t(`drafts.state.${d.state}`)}
              </span>
              {d.allowedActions.length > 0 && (
                <span className="badge">{t(`drafts.actions.${d.allowedActions[0]}`)}</span>
              )}
              <span className="muted"> · {formatDate(d.versions.at(-1)?.at ?? null, i18n.language)}</span>
            </li>
          ))}
        </ul>
      </div>
      {creating && (
        <DraftForm
          onSaved={(d) => {
            setCreating(false);
            setSelected(d.id);
            list.reload();
          }}
        />
      )}
      {selected && <DraftPanel key={selected} id={selected} onChanged={list.reload} />}
    </section>
  );
}

/**
 * Batch signing for a signer with many documents approved and waiting: one click signs each
 * with this browser's key — each its own content, as when signed one by one — and reports
 * how many were issued; a refusal of one does not stop the others.
 */
function SignAll({ drafts, onDone }: { drafts: Draft[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [errors, setErrors] = useState<unknown[]>([]);
  const [needKey, setNeedKey] = useState(false);
  if (drafts.length < 2 && !result) return null;
  const signAll = async () => {
    setBusy(true);
    setErrors([]);
    setNeedKey(false);
    let done = 0;
    const failed: unknown[] = [];
    for (const d of drafts) {
      try {
        const document = await api<DocumentToSign>('GET', `/drafts/${d.id}/signing-content`);
        const signed = await signAssignment(me!.id, { kind: DOCUMENT_KIND, document, signer: me!.id });
        if (!signed) {
          setNeedKey(true);
          break;
        }
        await api('POST', `/drafts/${d.id}/sign`, signed);
        done += 1;
      } catch (e) {
        failed.push(e);
      }
    }
    setErrors(failed);
    setResult(t('drafts.signedAll', { done, count: drafts.length }));
    setBusy(false);
    onDone();
  };
  return (
    <div data-testid="sign-all">
      {drafts.length >= 2 && (
        <button type="button" className="primary" disabled={busy} onClick={() => void signAll()}>
          {t('drafts.signAll', { count: drafts.length })}
        </button>
      )}
      {result && <p role="status">{result}</p>}
      {errors.map((e, i) => (
        <ErrorMessage key={i} error={e} />
      ))}
      {needKey && <NeedKey message="assign.needKeyDecision" />}
    </div>
  );
}

/** Write a draft, or its next version. */
function DraftForm({ draft, onSaved }: { draft?: Draft; onSaved: (d: Draft) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [form, setForm] = useState<Form>(() => ({
    unitId: draft?.unit.id ?? me!.positions[0]?.unitId ?? '',
    typeName: draft?.typeName ?? 'Công văn',
    codeNotation: draft?.codeNotation ?? '',
    subject: draft?.subject ?? '',
    body: draft?.body ?? '',
    priority: draft?.priority ?? 0,
    secrecy: draft?.secrecy ?? 'normal',
    units: draft?.recipients.units.map((u) => u.id) ?? [],
    signerId: draft?.signer.id ?? '',
    signingForm: (draft?.signingForm as Form['signingForm']) ?? 'own',
    note: '',
  }));
  const [files, setFiles] = useState<AttachmentMeta[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const choices = useAsync(
    () =>
      form.unitId ? api<DraftChoices>('GET', `/drafts/choices?unitId=${form.unitId}`) : Promise.resolve(null),
    [form.unitId],
  );
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const content = {
        typeName: form.typeName,
        codeNotation: form.codeNotation,
        subject: form.subject,
        body: form.body,
        priority: form.priority,
        secrecy: form.secrecy,
        recipients: { units: form.units, organs: draft?.recipients.organs ?? [] },
        signerId: form.signerId,
        signingForm: form.signingForm,
        ...(files.length > 0 ? { attachmentIds: files.map((f) => f.id) } : {}),
      };
      const saved = draft
        ? await api<Draft>('PUT', `/drafts/${draft.id}`, {
            ...content,
            version: draft.version,
            ...(form.note ? { note: form.note } : {}),
          })
        : await api<Draft>('POST', '/drafts', { ...content, unitId: form.unitId });
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} data-testid="draft-form">
      <h2>{draft ? t('drafts.revise') : t('drafts.new')}</h2>
      {!draft && (
        <Field label={t('drafts.unit')}>
          <select name="unit" value={form.unitId} onChange={(e) => set('unitId', e.target.value)}>
            {me!.positions.map((p) => (
              <option key={p.id} value={p.unitId}>
                {p.unitName}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="row">
        <Field label={t('drafts.typeName')}>
          <input
            name="typeName"
            value={form.typeName}
            onChange={(e) => set('typeName', e.target.value)}
            required
          />
        </Field>
        <Field label={t('drafts.codeNotation')}>
          <input
            name="codeNotation"
            value={form.codeNotation}
            onChange={(e) => set('codeNotation', e.target.value)}
            placeholder="KH-UBND"
            required
          />
        </Field>
      </div>
      <Field label={t('drafts.subject')}>
        <input
          name="subject"
          value={form.subject}
          onChange={(e) => set('subject', e.target.value)}
          required
          minLength={3}
        />
      </Field>
      <Field label={t('drafts.body')}>
        <textarea name="body" rows={8} value={form.body} onChange={(e) => set('body', e.target.value)} />
      </Field>
      <div className="row">
        <Field label={t('drafts.priority')}>
          <UrgencySelect value={form.priority} onChange={(v) => set('priority', v)} />
        </Field>
        <Field label={t('drafts.secrecy')}>
          <select
            name="secrecy"
            value={form.secrecy}
            onChange={(e) => set('secrecy', e.target.value as Form['secrecy'])}
          >
            {SECRECY.map((s) => (
              <option key={s} value={s}>
                {t(`drafts.secrecyLevel.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('drafts.recipients')}>
        <UnitsSelect
          units={choices.data?.units ?? []}
          value={form.units}
          onChange={(ids) => set('units', ids)}
        />
      </Field>
      <div className="row">
        <Field label={t('drafts.signer')}>
          <select
            name="signer"
            value={form.signerId}
            onChange={(e) => set('signerId', e.target.value)}
            required
          >
            <option value="" />
            {(choices.data?.signers ?? []).map((p) => (
              <option key={`${p.id}-${p.unitName}`} value={p.id}>
                {p.fullName} — {p.title ?? ''} ({p.unitName})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('drafts.signingForm')}>
          <select
            name="signingForm"
            value={form.signingForm}
            onChange={(e) => set('signingForm', e.target.value as Form['signingForm'])}
          >
            {FORMS.map((f) => (
              <option key={f} value={f}>
                {t(`drafts.form.${f}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {draft && (
        <Field label={t('drafts.note')}>
          <input name="note" value={form.note} onChange={(e) => set('note', e.target.value)} />
        </Field>
      )}
      <AttachmentPicker value={files} onChange={setFiles} onBusy={setUploading} />
      <ErrorMessage error={error} />
      <button type="submit" className="primary" disabled={busy || uploading}>
        {t('drafts.save')}
      </button>
    </form>
  );
}

function DraftPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const detail = useAsync(() => api<Draft>('GET', `/drafts/${id}`), [id]);
  useLiveReload((e) => e.name === 'document.draft_changed', detail.reload);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [needKey, setNeedKey] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reviewers, setReviewers] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [forwardTo, setForwardTo] = useState('');
  const d = detail.data;
  const choices = useAsync(
    () =>
      d
        ? api<DraftChoices>('GET', `/drafts/choices?unitId=${d.unit.id}`).catch(() => null)
        : Promise.resolve(null),
    [d?.unit.id],
  );
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setNeedKey(false);
    try {
      await work();
      detail.reload();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!d)
    return <div className="panel">{detail.error ? <ErrorMessage error={detail.error} /> : <Loading />}</div>;
  if (editing)
    return (
      <DraftForm
        draft={d}
        onSaved={() => {
          setEditing(false);
          detail.reload();
          onChanged();
        }}
      />
    );
  const review = (decision: 'approve' | 'return' | 'forward') =>
    run(async () => {
      const signed = await signDecision(me!.id, { type: 'document_draft', id: d.id }, 'review', {
        decision,
        version: d.version,
        ...(comment.trim() ? { comment } : {}),
        ...(decision === 'forward' ? { forwardTo } : {}),
      });
      if (!signed) return setNeedKey(true);
      await api('POST', `/drafts/${d.id}/review`, signed);
      setComment('');
    });
  const sign = () =>
    run(async () => {
      const document = await api<DocumentToSign>('GET', `/drafts/${d.id}/signing-content`);
      const signed = await signAssignment(me!.id, { kind: DOCUMENT_KIND, document, signer: me!.id });
      if (!signed) return setNeedKey(true);
      await api('POST', `/drafts/${d.id}/sign`, signed);
    });
  return (
    <article className="panel" data-testid="draft-detail">
      <h2>
        {d.typeName}: {d.subject}
      </h2>
      <dl className="facts">
        <dt>{t('drafts.stateLabel')}</dt>
        <dd data-testid="draft-detail-state">{t(`drafts.state.${d.state}`)}</dd>
        <dt>{t('drafts.unit')}</dt>
        <dd>{d.unit.name}</dd>
        <dt>{t('drafts.secrecy')}</dt>
        <dd>{t(`drafts.secrecyLevel.${d.secrecy}`)}</dd>
        <dt>{t('drafts.recipients')}</dt>
        <dd>
          {[...d.recipients.units.map((u) => u.name), ...d.recipients.organs.map((o) => o.organName)].join(
            '; ',
          )}
        </dd>
        <dt>{t('drafts.signer')}</dt>
        <dd>
          {d.signer.fullName} ({t(`drafts.form.${d.signingForm}`)})
        </dd>
      </dl>
      <p className="body">{d.body}</p>
      <AttachmentList files={d.attachments} base={`/drafts/${d.id}/attachments`} />
      {d.documentId && (
        <p>
          <Link to={`/documents/${d.documentId}`}>{t('drafts.issuedLink')}</Link>
        </p>
      )}
      {d.allowedActions.includes('revise') && (
        <div className="subform">
          <button type="button" onClick={() => setEditing(true)}>
            {t('drafts.revise')}
          </button>
          <Field label={t('drafts.reviewers')}>
            <select
              multiple
              name="reviewers"
              value={reviewers}
              onChange={(e) => setReviewers([...e.target.selectedOptions].map((o) => o.value))}
            >
              {(choices.data?.reviewers ?? []).map((p) => (
                <option key={`${p.id}-${p.unitName}`} value={p.id}>
                  {p.fullName} — {p.title ?? ''} ({p.unitName})
                </option>
              ))}
            </select>
          </Field>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() =>
              void run(() => api('POST', `/drafts/${d.id}/submit`, { reviewers, version: d.version }))
            }
          >
            {t('drafts.submit')}
          </button>
        </div>
      )}
      {d.allowedActions.includes('review') && (
        <div className="subform" data-testid="review-form">
          <Field label={t('drafts.comment')}>
            <textarea name="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
          <button type="button" className="primary" disabled={busy} onClick={() => void review('approve')}>
            {t('drafts.approve')}
          </button>{' '}
          <button type="button" disabled={busy || !comment.trim()} onClick={() => void review('return')}>
            {t('drafts.return')}
          </button>
          <Field label={t('drafts.forwardTo')}>
            <select name="forwardTo" value={forwardTo} onChange={(e) => setForwardTo(e.target.value)}>
              <option value="" />
              {(choices.data?.reviewers ?? []).map((p) => (
                <option key={`${p.id}-${p.unitName}`} value={p.id}>
                  {p.fullName} ({p.unitName})
                </option>
              ))}
            </select>
          </Field>
          <button type="button" disabled={busy || !forwardTo} onClick={() => void review('forward')}>
            {t('drafts.forward')}
          </button>
        </div>
      )}
      {d.allowedActions.includes('sign') && (
        <p>
          <button type="button" className="primary" disabled={busy} onClick={() => void sign()}>
            {t('drafts.sign')}
          </button>
        </p>
      )}
      <ErrorMessage error={error} />
      {needKey && <NeedKey message="assign.needKeyDecision" />}
      <h3>{t('drafts.chain')}</h3>
      <ol className="trail" data-testid="draft-reviews">
        {d.reviews.map((r) => (
          <li key={`${r.round}-${r.seq}`}>
            {t('drafts.round', { round: r.round })} · {r.reviewer.fullName}: {t(`drafts.review.${r.state}`)}
            {r.comment && ` — ${r.comment}`}
            {r.signed && ` · ${t('annotations.signed')}`}
            {r.decidedAt && <span className="muted"> · {formatDate(r.decidedAt, i18n.language)}</span>}
          </li>
        ))}
      </ol>
      <h3>{t('drafts.versions')}</h3>
      <ol className="trail">
        {d.versions.map((v) => (
          <li key={v.number}>
            {t('drafts.version', { number: v.number })} · {v.editedBy.fullName} ·{' '}
            {formatDate(v.at, i18n.language)}
            {v.note && ` — ${v.note}`}
          </li>
        ))}
      </ol>
    </article>
  );
}
