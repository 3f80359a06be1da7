import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleGrants } from '@lt/access/permissions';
import { vietnamIsoWeek, vietnamWeekStart, weekLabel } from '@lt/briefings/briefing-week';
import { api, download } from '../api';
import type { BriefingPage, Schemas, Unit, WorkSchedule } from '../api-schema';
import { useSession } from '../session';
import { ErrorMessage, Field, Loading, useAsync, useLiveReload } from '../ui';

type Entry = WorkSchedule['entries'][number];
/** An engagement as `PUT /schedules/:id/entries` takes it (one without `id` is new). */
type EntryInput = Omit<Schemas['ScheduleEntryDto'], 'id'> & { id?: string };

const DAY_MS = 86_400_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** The ISO week (Vietnam time) of a moment, as `2026-W50`. */
const weekOf = (at: Date) => weekLabel(vietnamIsoWeek(at));

/** Monday 00:00 in Vietnam of a week label, as an instant. */
function mondayOf(label: string): number {
  const [year, week] = label.split('-W').map(Number);
  return vietnamWeekStart({ year, week }).getTime();
}

/** Vietnam's day (0 = Monday) of an instant within the week starting `monday`. */
const dayIndex = (iso: string, monday: number) => Math.floor((new Date(iso).getTime() - monday) / DAY_MS);

/**
 * The leaders' weekly work schedule (lịch công tác tuần): the schedules of my units and of
 * the units above, as a week on a desktop and a list of days on a phone; printable; the
 * office edits the draft, the head publishes it; changes after publishing are marked.
 */
export function Schedules() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [week, setWeek] = useState(() => weekOf(new Date()));
  const schedules = useAsync(() => api<WorkSchedule[]>('GET', `/schedules?week=${week}`), [week]);
  // Only the shown week's: while another week loads, the last one's schedules (and their
  // add-engagement forms) must not stay on screen to be written into by mistake.
  const shown = schedules.data?.filter((s) => s.week === week);
  useLiveReload((e) => e.name.startsWith('schedule.'), schedules.reload);
  // Where I may open a draft: my units where I draft, and the unit above an office of mine.
  const draftable = useAsync(async () => {
    const units = new Map<string, string>();
    for (const p of me?.positions ?? []) {
      if (!roleGrants(p.role, 'schedule.draft')) continue;
      units.set(p.unitId, p.unitName);
      // An office drafts the schedule of the unit directly above it.
      if (p.unitKind === 'department') {
        const chain = await api<Unit[]>('GET', `/units/${p.unitId}/ancestors`);
        const parent = chain[chain.length - 2];
        if (parent) units.set(parent.id, parent.name);
      }
    }
    return [...units].map(([id, name]) => ({ id, name }));
  }, [me?.id]);
  const [error, setError] = useState<unknown>(null);
  const shift = (weeks: number) => setWeek(weekOf(new Date(mondayOf(week) + weeks * 7 * DAY_MS + DAY_MS)));
  const missing = schedules.loading
    ? []
    : (draftable.data ?? []).filter((u) => !shown?.some((s) => s.unit.id === u.id));
  const create = async (unitId: string) => {
    setError(null);
    try {
      await api('POST', '/schedules', { unitId, week });
      schedules.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="schedules">
      <h1>{t('schedule.title')}</h1>
      <div className="toolbar no-print">
        <button type="button" onClick={() => shift(-1)}>
          {t('schedule.previous')}
        </button>
        <strong data-testid="schedule-week">
          {t('schedule.week', {
            week,
            from: new Date(mondayOf(week) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10),
          })}
        </strong>
        <button type="button" onClick={() => shift(1)}>
          {t('schedule.next')}
        </button>
        <button type="button" onClick={() => setWeek(weekOf(new Date()))}>
          {t('schedule.thisWeek')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('schedule.print')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() =>
            void download(`/schedules/calendar.ics?week=${week}`, 'lich-cong-tac.ics').catch(setError)
          }
        >
          {t('schedule.calendar')}
        </button>
      </div>
      {missing.map((u) => (
        <p key={u.id} className="no-print">
          <button type="button" onClick={() => void create(u.id)}>
            {t('schedule.create', { unit: u.name })}
          </button>
        </p>
      ))}
      <ErrorMessage error={error ?? schedules.error} />
      {schedules.loading && !shown?.length && <Loading />}
      {!schedules.loading && shown?.length === 0 && <p className="muted">{t('schedule.none')}</p>}
      {shown?.map((s) => (
        <ScheduleWeek key={s.id} schedule={s} language={i18n.language} onChange={schedules.reload} />
      ))}
    </section>
  );
}

function ScheduleWeek({
  schedule,
  language,
  onChange,
}: {
  schedule: WorkSchedule;
  language: string;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const monday = mondayOf(schedule.week);
  const locale = language === 'en' ? 'en-GB' : 'vi-VN';
  const time = (iso: string) => new Date(iso).toLocaleTimeString(locale, { timeStyle: 'short' });
  const days = Array.from({ length: 7 }, (_, i) => ({
    label: new Date(monday + i * DAY_MS + VIETNAM_OFFSET_MS).toLocaleDateString(locale, {
      weekday: 'long',
      day: '2-digit',
      month: '2-digit',
      timeZone: 'UTC',
    }),
    entries: schedule.entries.filter((e) => dayIndex(e.startsAt, monday) === i),
  }));
  const kept = (entries: Entry[]): EntryInput[] =>
    entries
      .filter((e) => !e.cancelledAt)
      .map((e) => ({
        id: e.id,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        place: e.place,
        content: e.content,
        leaderIds: e.leaders.map((l) => l.id),
        participants: e.participants,
        preparer: e.preparer,
        briefingId: e.briefingId,
      }));
  const saveEntries = async (entries: EntryInput[]) => {
    setError(null);
    try {
      await api('PUT', `/schedules/${schedule.id}/entries`, { version: schedule.version, entries });
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const publish = async () => {
    setError(null);
    try {
      await api('POST', `/schedules/${schedule.id}/publish`, { version: schedule.version });
      onChange();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <article className="schedule" data-testid="schedule" data-week={schedule.week}>
      <header>
        <h2>{t('schedule.of', { unit: schedule.unit.name })}</h2>
        <span className={`badge ${schedule.state}`}>
          {schedule.state === 'draft' ? t('schedule.draft') : t('schedule.published')}
        </span>
        {schedule.revision > 0 && (
          <span className="badge changed">{t('schedule.revised', { count: schedule.revision })}</span>
        )}
        {schedule.mayPublish && (
          <button type="button" className="no-print" onClick={() => void publish()}>
            {t('schedule.publish')}
          </button>
        )}
      </header>
      <ErrorMessage error={error} />
      <div className="week-grid">
        {days.map((day, i) =>
          day.entries.length === 0 && i >= 5 ? null : (
            <section key={i} className="day" data-testid="schedule-day">
              <h3>{day.label}</h3>
              {day.entries.length === 0 && <p className="muted">—</p>}
              {day.entries.map((e) => (
                <div
                  key={e.id}
                  data-testid="schedule-entry"
                  className={`engagement${e.cancelledAt ? ' cancelled' : ''}${e.changedAt && !e.cancelledAt ? ' changed' : ''}`}
                >
                  <p className="when">
                    {time(e.startsAt)}
                    {e.endsAt && ` – ${time(e.endsAt)}`}
                    {e.cancelledAt && <span className="badge cancelled">{t('schedule.cancelled')}</span>}
                    {e.changedAt && !e.cancelledAt && (
                      <span className="badge changed">{t('schedule.changed')}</span>
                    )}
                  </p>
                  <p className="what">{e.content}</p>
                  <p>
                    {t('schedule.place')}: {e.place}
                  </p>
                  {e.briefingId && (
                    <p className="no-print">
                      <a href={`#/briefings/${e.briefingId}`} data-testid="schedule-briefing">
                        {t('schedule.openBriefing')}
                      </a>
                    </p>
                  )}
                  {e.leaders.length > 0 && (
                    <p>
                      {t('schedule.leaders')}: {e.leaders.map((l) => l.fullName).join(', ')}
                    </p>
                  )}
                  {e.participants && (
                    <p>
                      {t('schedule.participants')}: {e.participants}
                    </p>
                  )}
                  {e.preparer && (
                    <p>
                      {t('schedule.preparer')}: {e.preparer}
                    </p>
                  )}
                  {schedule.mayEdit && !e.cancelledAt && (
                    <button
                      type="button"
                      className="link no-print"
                      onClick={() => void saveEntries(kept(schedule.entries.filter((x) => x.id !== e.id)))}
                    >
                      {t('schedule.remove')}
                    </button>
                  )}
                </div>
              ))}
            </section>
          ),
        )}
      </div>
      {schedule.mayEdit && (
        <AddEngagement
          schedule={schedule}
          onAdd={(entry) => saveEntries([...kept(schedule.entries), entry])}
        />
      )}
    </article>
  );
}

/** The office adds one engagement: when, where, what, which of the unit's leaders attend. */
function AddEngagement({
  schedule,
  onAdd,
}: {
  schedule: WorkSchedule;
  onAdd: (entry: {
    startsAt: string;
    endsAt: string | null;
    place: string;
    content: string;
    leaderIds: string[];
    participants: string;
    preparer: string;
    briefingId: string | null;
  }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    start: '',
    end: '',
    place: '',
    content: '',
    participants: '',
    preparer: '',
  });
  const [chosen, setChosen] = useState<string[]>([]);
  // The unit's weekly briefings of this week: a meeting on the schedule may be one of them.
  const [briefingId, setBriefingId] = useState('');
  const briefings = useAsync(
    () =>
      api<BriefingPage>('GET', `/briefings?unitId=${schedule.unit.id}`).then((page) =>
        page.items.filter((b) => b.week === schedule.week),
      ),
    [schedule.unit.id, schedule.week],
  );
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await onAdd({
      startsAt: new Date(form.start).toISOString(),
      endsAt: form.end ? new Date(form.end).toISOString() : null,
      place: form.place,
      content: form.content,
      leaderIds: chosen,
      participants: form.participants,
      preparer: form.preparer,
      briefingId: briefingId || null,
    });
    setForm({ ...form, content: '', participants: '' });
    setBriefingId('');
  };
  return (
    <form className="add-engagement no-print" data-testid="add-engagement" onSubmit={(e) => void submit(e)}>
      <h3>{t('schedule.add')}</h3>
      <Field label={t('schedule.start')}>
        <input type="datetime-local" required value={form.start} onChange={set('start')} />
      </Field>
      <Field label={t('schedule.end')}>
        <input type="datetime-local" value={form.end} onChange={set('end')} />
      </Field>
      <Field label={t('schedule.content')}>
        <input required maxLength={2000} value={form.content} onChange={set('content')} />
      </Field>
      <Field label={t('schedule.place')}>
        <input required maxLength={300} value={form.place} onChange={set('place')} />
      </Field>
      <fieldset>
        <legend>{t('schedule.leaders')}</legend>
        {schedule.attendable.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(p.id)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))
              }
            />
            {p.fullName}
          </label>
        ))}
      </fieldset>
      <Field label={t('schedule.participants')}>
        <input maxLength={2000} value={form.participants} onChange={set('participants')} />
      </Field>
      <Field label={t('schedule.preparer')}>
        <input maxLength={300} value={form.preparer} onChange={set('preparer')} />
      </Field>
      {!!briefings.data?.length && (
        <Field label={t('schedule.briefing')}>
          <select value={briefingId} onChange={(e) => setBriefingId(e.target.value)}>
            <option value="" />
            {briefings.data.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        </Field>
      )}
      <button type="submit">{t('schedule.addSubmit')}</button>
    </form>
  );
}
