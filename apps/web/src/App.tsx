import { Children, lazy, ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { ChatUnreadBadge, MentionNotice } from './chat';
import { LANGUAGE_KEY } from './i18n';
import { live } from './live';
import { useHiddenTabNotifications } from './notifications';
import { useReadOnly } from './offline';
import { Admin } from './pages/Admin';
import { Directives } from './pages/Directives';
import { AgendaBadge, Home } from './pages/Home';
import { IssueDirective } from './pages/IssueDirective';
import { SignIn } from './pages/SignIn';
import { Tasks } from './pages/Tasks';
import { useSession } from './session';
import { isLeadingRole } from '@lt/access/roles';
import { Loading, useLiveReload } from './ui';

// The signing screens load the X.509 and ASN.1 code only when opened: the feed and the task
// lists stay light for an old office PC.
const AssignTask = lazy(() => import('./pages/AssignTask').then((m) => ({ default: m.AssignTask })));
const Certificate = lazy(() => import('./pages/Certificate').then((m) => ({ default: m.Certificate })));
// Documents sign annotations; the follow-up is a leader's screen: both load when opened.
const Documents = lazy(() => import('./pages/Documents').then((m) => ({ default: m.Documents })));
const Drafts = lazy(() => import('./pages/Drafts').then((m) => ({ default: m.Drafts })));
const Arrivals = lazy(() => import('./pages/Arrivals').then((m) => ({ default: m.Arrivals })));
const DocumentReport = lazy(() =>
  import('./pages/DocumentReport').then((m) => ({ default: m.DocumentReport })),
);
const FollowUp = lazy(() => import('./pages/FollowUp').then((m) => ({ default: m.FollowUp })));
const Summary = lazy(() => import('./pages/Summary').then((m) => ({ default: m.Summary })));
const Ranking = lazy(() => import('./pages/Ranking').then((m) => ({ default: m.Ranking })));
// The weekly briefing signs assignments too: it loads when opened.
const Briefings = lazy(() => import('./pages/Briefings').then((m) => ({ default: m.Briefings })));
const Schedules = lazy(() => import('./pages/Schedules').then((m) => ({ default: m.Schedules })));
const Delegations = lazy(() => import('./pages/Delegations').then((m) => ({ default: m.Delegations })));
const OneStop = lazy(() => import('./pages/OneStop').then((m) => ({ default: m.OneStop })));
const FileReceipt = lazy(() => import('./pages/OneStop').then((m) => ({ default: m.FileReceipt })));
const ApologyLetter = lazy(() => import('./pages/OneStop').then((m) => ({ default: m.ApologyLetter })));
// Messaging loads when opened; the nav's unread badge (./chat) is always there.
const Chat = lazy(() => import('./pages/Chat').then((m) => ({ default: m.Chat })));
const Search = lazy(() => import('./pages/Search').then((m) => ({ default: m.Search })));
const Discipline = lazy(() => import('./pages/Discipline').then((m) => ({ default: m.Discipline })));

function ConnectionIndicator() {
  const { t } = useTranslation();
  const [status, setStatus] = useState(live.status);
  useEffect(() => live.onStatus(setStatus), []);
  const readOnly = useReadOnly();
  return (
    <span className={`connection ${status}`} role="status" data-testid="connection" data-status={status}>
      <span className="dot" aria-hidden="true" /> {t(status === 'online' ? 'app.online' : 'app.offline')}
      {readOnly && (
        <strong className="read-only" data-testid="read-only">
          {' '}
          · {t('app.readOnly')}
        </strong>
      )}
    </span>
  );
}

/**
 * One group of the navigation: its link (the group's main page) and, when it has more pages,
 * a button that opens them under it. On a phone the menu lists them all, indented.
 */
function NavGroup({
  to,
  label,
  badge,
  children,
}: {
  to: string;
  label: string;
  badge?: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const more = Children.toArray(children).filter(Boolean);
  return (
    <div className="nav-group" onMouseLeave={() => setOpen(false)}>
      <NavLink to={to} end={to === '/home'}>
        {label}
        {badge}
      </NavLink>
      {more.length > 0 && (
        <>
          <button
            type="button"
            className="nav-more"
            aria-expanded={open}
            aria-label={t('nav.more', { group: label })}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(!open);
            }}
          />
          <div className={open ? 'nav-sub open' : 'nav-sub'} onClick={() => setOpen(false)}>
            {more}
          </div>
        </>
      )}
    </div>
  );
}

/** While someone acts for another (ủy quyền), every page says so, with whose post and until when. */
function ActingBanner() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  if (!me?.actingFor.length) return null;
  const locale = i18n.language === 'en' ? 'en-GB' : 'vi-VN';
  return (
    <div className="acting-banner" role="status" data-testid="acting-banner">
      {me.actingFor.map((d) => (
        <p key={d.delegationId}>
          {t('delegation.banner', {
            form: d.form === 'Q' ? 'Q.' : 'TUQ.',
            name: d.delegator.fullName,
            unit: d.unitName,
            until: new Date(d.endsAt).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }),
          })}
        </p>
      ))}
    </div>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const { me, signOut, reload } = useSession();
  // A delegation given to me or revoked changes what I may do: read it again.
  useLiveReload(
    (e) => e.name.startsWith('delegation.'),
    () => void reload(),
  );
  // On a phone the navigation folds behind a menu button; the connection indicator stays out.
  const [menuOpen, setMenuOpen] = useState(false);
  const close = () => setMenuOpen(false);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  useHiddenTabNotifications();
  const switchLanguage = () => {
    const next = i18n.language === 'vi' ? 'en' : 'vi';
    localStorage.setItem(LANGUAGE_KEY, next);
    void i18n.changeLanguage(next);
  };
  if (!me) return <SignIn />;
  const leads = me.positions.some((p) => isLeadingRole(p.role));
  const issues = leads || me.actingFor.some((d) => d.powers.includes('directive.issue'));
  const assigns = me.permissions.includes('task.assign');
  const administers = me.permissions.includes('unit.manage');
  // Registers are kept by clerks and read by leaders.
  const readsDocuments = me.permissions.includes('document.read');
  const registers = me.permissions.includes('document.register');
  const counter = me.permissions.includes('citizen_file.read');
  return (
    <HashRouter>
      <header className={menuOpen ? 'top open' : 'top'}>
        <span className="brand">
          {t('app.name')} <small>{t('app.tagline')}</small>
        </span>
        <ConnectionIndicator />
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-menu"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('nav.menu')}
          <ChatUnreadBadge me={me.id} folded />
        </button>
        <nav id="main-menu" aria-label={t('nav.label')} onClick={close}>
          <NavGroup to="/home" label={t('nav.home')} badge={<AgendaBadge />}>
            <NavLink to="/certificate">{t('nav.certificate')}</NavLink>
            <NavLink to="/delegations">{t('nav.delegations')}</NavLink>
          </NavGroup>
          <NavGroup to="/directives" label={t('nav.directives')}>
            {issues && <NavLink to="/issue">{t('nav.issue')}</NavLink>}
            {/* Leaders open and read briefings; anyone may be named to report to one. */}
            <NavLink to="/briefings">{t('nav.briefings')}</NavLink>
            <NavLink to="/schedules">{t('nav.schedules')}</NavLink>
          </NavGroup>
          <NavGroup to="/tasks" label={t('nav.tasks')}>
            {assigns && <NavLink to="/assign">{t('nav.assign')}</NavLink>}
            {leads && <NavLink to="/follow-up">{t('nav.followUp')}</NavLink>}
            {leads && <NavLink to="/discipline">{t('nav.discipline')}</NavLink>}
          </NavGroup>
          <NavGroup to={readsDocuments ? '/documents' : '/drafts'} label={t('nav.documents')}>
            {readsDocuments && <NavLink to="/drafts">{t('nav.drafts')}</NavLink>}
            {registers && <NavLink to="/arrivals">{t('nav.arrivals')}</NavLink>}
            {readsDocuments && <NavLink to="/document-report">{t('nav.documentReport')}</NavLink>}
            {counter && <NavLink to="/one-stop">{t('nav.oneStop')}</NavLink>}
          </NavGroup>
          <NavGroup to="/chat" label={t('nav.chat')} badge={<ChatUnreadBadge me={me.id} />} />
          {leads && (
            <NavGroup to="/summary" label={t('nav.reports')}>
              <NavLink to="/ranking">{t('nav.ranking')}</NavLink>
            </NavGroup>
          )}
          {administers && <NavGroup to="/admin" label={t('nav.admin')} />}
          <NavLink to="/search" className={({ isActive }) => (isActive ? 'search active' : 'search')}>
            {t('nav.search')}
          </NavLink>
        </nav>
        <span className="who">
          <span>{me.fullName}</span>
          <button className="link" onClick={switchLanguage}>
            {t('app.language')}
          </button>
          <button className="link" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </span>
      </header>
      <main className="content">
        <ActingBanner />
        <MentionNotice />
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/home" element={<Home />} />
            <Route path="/directives" element={<Directives />} />
            {issues && <Route path="/issue" element={<IssueDirective />} />}
            <Route path="/tasks" element={<Tasks />} />
            <Route path="/chat" element={<Chat />} />
            {assigns && <Route path="/assign" element={<AssignTask />} />}
            {readsDocuments && <Route path="/documents" element={<Documents />} />}
            {/* Whoever works on a task from an annotation may open its document. */}
            <Route path="/documents/:id" element={<Documents />} />
            <Route path="/drafts" element={<Drafts />} />
            {registers && <Route path="/arrivals" element={<Arrivals />} />}
            {readsDocuments && <Route path="/document-report" element={<DocumentReport />} />}
            <Route path="/briefings" element={<Briefings />} />
            <Route path="/briefings/:id" element={<Briefings />} />
            <Route path="/schedules" element={<Schedules />} />
            <Route path="/delegations" element={<Delegations />} />
            {counter && <Route path="/one-stop" element={<OneStop />} />}
            {counter && <Route path="/one-stop/files/:id" element={<FileReceipt />} />}
            {counter && <Route path="/one-stop/files/:id/letters/:number" element={<ApologyLetter />} />}
            {leads && <Route path="/follow-up" element={<FollowUp />} />}
            {leads && <Route path="/summary" element={<Summary />} />}
            {leads && <Route path="/ranking" element={<Ranking />} />}
            {leads && <Route path="/discipline" element={<Discipline />} />}
            <Route path="/search" element={<Search />} />
            <Route path="/certificate" element={<Certificate />} />
            {administers && <Route path="/admin" element={<Admin />} />}
            <Route path="*" element={<Navigate to="/home" replace />} />
          </Routes>
        </Suspense>
      </main>
    </HashRouter>
  );
}
