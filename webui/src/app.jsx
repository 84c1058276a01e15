// The application shell: session check, the navigation for the user's roles,
// the language switch, the live unread badge, and the route table.
import { useEffect, useState } from 'preact/hooks';
import { lazy, Suspense } from 'preact/compat';
import { session, sessionChecked, loadSession, patch, del, get, clearCache } from './api.js';
import { language, setLanguage, t, label } from './i18n.js';
import { useSignal, signal } from './signal.js';
import { location, match, navigate } from './router.js';
import { LANGUAGES } from './enums.js';
import { Loading } from './components/ui.jsx';
import { Login } from './pages/Login.jsx';
import { Dashboard } from './pages/Dashboard.jsx';
import { NewLetter } from './pages/NewLetter.jsx';
import { Letter } from './pages/Letter.jsx';
import { Inbox } from './pages/Inbox.jsx';
import { Search } from './pages/Search.jsx';
import { Letters } from './pages/Letters.jsx';
import { setupNeeded, checkSetup } from './pages/SetupCheck.jsx';

// Screens most users rarely open load on demand, keeping the first load small.
const lazyNamed = (load, name) => lazy(() => load().then((m) => m[name]));
const loadWork = () => import('./pages/Work.jsx');
const loadAdmin = () => import('./pages/Admin.jsx');
// First boot only (docs/first-boot.md).
const Setup = lazyNamed(() => import('./pages/Setup.jsx'), 'Setup');
const Registers = lazyNamed(() => import('./pages/Registers.jsx'), 'Registers');
const Account = lazyNamed(() => import('./pages/Account.jsx'), 'Account');
const loadFolders = () => import('./pages/Folders.jsx');
const Folders = lazyNamed(loadFolders, 'Folders');
const Folder = lazyNamed(loadFolders, 'Folder');
const Work = {
  Watchlist: lazyNamed(loadWork, 'Watchlist'),
  Assignments: lazyNamed(loadWork, 'Assignments'),
  SigningFolder: lazyNamed(loadWork, 'SigningFolder'),
  Notifications: lazyNamed(loadWork, 'Notifications'),
};
const Admin = {
  Units: lazyNamed(loadAdmin, 'Units'),
  Users: lazyNamed(loadAdmin, 'Users'),
  Books: lazyNamed(loadAdmin, 'Books'),
  Settings: lazyNamed(loadAdmin, 'Settings'),
  Backups: lazyNamed(loadAdmin, 'Backups'),
  Health: lazyNamed(loadAdmin, 'Health'),
};

export const unread = signal(0);
// True once the language was chosen on the login page, before any session.
export const languagePicked = signal(false);

const routes = [
  ['/', () => <Dashboard />],
  ['/letters/new', () => <NewLetter />],
  ['/letters/:id', (p) => <Letter id={Number(p.id)} />],
  ['/letters', () => <Letters />],
  ['/inbox', () => <Inbox />],
  ['/search', () => <Search />],
  ['/registers', () => <Registers />],
  ['/watchlist', () => <Work.Watchlist />],
  ['/assignments', () => <Work.Assignments />],
  ['/signing', () => <Work.SigningFolder />],
  ['/notifications', () => <Work.Notifications />],
  ['/folders', () => <Folders />],
  ['/folders/:id', (p) => <Folder id={Number(p.id)} />],
  ['/account', () => <Account />],
  ['/admin/units', () => <Admin.Units />],
  ['/admin/users', () => <Admin.Users />],
  ['/admin/books', () => <Admin.Books />],
  ['/admin/settings', () => <Admin.Settings />],
  ['/admin/backups', () => <Admin.Backups />],
  ['/admin/health', () => <Admin.Health />],
];

function hasRole(user, ...roles) {
  return user?.roles?.some((r) => roles.includes(r));
}

function navItems(user) {
  const items = [['/', 'nav.dashboard']];
  const lettersRole = hasRole(user, 'central_registrar', 'unit_registrar', 'executive', 'staff');
  if (lettersRole) {
    items.push(['/inbox', 'nav.inbox']);
    if (hasRole(user, 'central_registrar', 'unit_registrar')) {
      items.push(['/letters/new?direction=incoming', 'nav.registerIncoming']);
      items.push(['/letters/new?direction=outgoing', 'nav.outgoing']);
    }
    items.push(['/letters', 'nav.letters'], ['/search', 'nav.search'], ['/registers', 'nav.registers'],
      ['/assignments', 'nav.assignments'], ['/signing', 'nav.signing'], ['/watchlist', 'nav.watchlist'],
      ['/folders', 'nav.folders']);
  }
  if (hasRole(user, 'admin')) {
    items.push(['/admin/units', 'nav.units'], ['/admin/users', 'nav.users'], ['/admin/books', 'nav.books'],
      ['/admin/settings', 'nav.settings'], ['/admin/backups', 'nav.backups'], ['/admin/health', 'nav.health']);
  }
  return items;
}

// The unread count, live over the websocket (reconnecting), with one fetch
// at start in case websockets are blocked on the way.
function useLiveUnread(user) {
  useEffect(() => {
    if (!user) return undefined;
    let ws;
    let stopped = false;
    let retry;
    get('/notifications', { unread: true }).then((n) => unread.set(n.unread)).catch(() => {});
    const connect = () => {
      const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
      ws = new WebSocket(`${proto}//${window.location.host}/api/v1/ws`);
      ws.onmessage = (e) => {
        try {
          const m = JSON.parse(e.data);
          if (m.type === 'notifications') unread.set(m.unread);
        } catch {
          /* ignore */
        }
      };
      ws.onclose = () => {
        if (!stopped) retry = setTimeout(connect, 5000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      ws?.close();
    };
  }, [user?.id]);
}

export function LanguageSwitch() {
  const lang = useSignal(language);
  const s = useSignal(session);
  const choose = async (l) => {
    setLanguage(l);
    if (!s) languagePicked.set(true);
    if (s) {
      try {
        session.set(await patch('/session', { language: l }));
      } catch {
        /* the choice still applies in this browser */
      }
    }
  };
  return (
    <div class="langs" role="group" aria-label={t('common.language')}>
      {LANGUAGES.map((l) => (
        <button type="button" key={l} lang={l} aria-pressed={l === lang} class={l === lang ? 'on' : ''}
                onClick={() => choose(l)}>
          {label('lang', l)}
        </button>
      ))}
    </div>
  );
}

function Shell({ user, children }) {
  const path = useSignal(location);
  const count = useSignal(unread);
  const [menuOpen, setMenuOpen] = useState(false);
  useLiveUnread(user);
  const logout = async () => {
    try {
      await del('/session');
    } catch {
      /* already gone */
    }
    clearCache();
    session.set(null);
    navigate('/');
  };
  const current = path.split('?')[0];
  return (
    <div class="shell">
      <a class="skip" href="#main">{t('nav.skip')}</a>
      <header class="top">
        <button type="button" class="menu-btn" aria-expanded={menuOpen} aria-controls="nav"
                onClick={() => setMenuOpen(!menuOpen)}>
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" /></svg>
          <span class="sr">{t('nav.menu')}</span>
        </button>
        <a href="/" class="brand">{t('app.name')}</a>
        <a href="/notifications" class="bell" aria-label={t('nav.notificationsCount', { n: count })}>
          <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 22a2.5 2.5 0 0 0 2.4-2h-4.8a2.5 2.5 0 0 0 2.4 2zm7-6V11a7 7 0 0 0-5.5-6.8V3a1.5 1.5 0 0 0-3 0v1.2A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" /></svg>
          {count > 0 && <span class="count" data-testid="unread">{count}</span>}
        </a>
        <LanguageSwitch />
        <a href="/account" class="me">{user.display_name || user.username}</a>
        <button type="button" class="link" onClick={logout}>{t('nav.logout')}</button>
      </header>
      <nav id="nav" class={menuOpen ? 'side open' : 'side'} aria-label={t('nav.main')}
           onClick={() => setMenuOpen(false)}>
        <ul>
          {navItems(user).map(([href, key]) => (
            <li key={href}>
              <a href={href} aria-current={href.split('?')[0] === current && !href.includes('?') ? 'page' : undefined}
                 class={href === path || (href.split('?')[0] === current && !href.includes('?')) ? 'active' : ''}>
                {t(key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}

export function App() {
  const s = useSignal(session);
  const checked = useSignal(sessionChecked);
  const lang = useSignal(language);
  const path = useSignal(location);
  const setup = useSignal(setupNeeded);
  useEffect(() => {
    loadSession();
    checkSetup();
  }, []);
  // The user's stored language wins once logged in, and follows it when it
  // changes (the login page stores the language chosen there right after
  // logging in, so the first answer may still carry the old one).
  useEffect(() => {
    if (s?.user?.language && s.user.language !== language.get()) setLanguage(s.user.language);
  }, [s?.user?.id, s?.user?.language]);
  useEffect(() => {
    document.title = t('app.name');
  }, [lang]);
  if (!checked || setup === null) return <Loading />;
  if (setup) return <Suspense fallback={<Loading />}><Setup /></Suspense>;
  if (!s) return <Login />;
  let page = <p>{t('common.notFound')}</p>;
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params) {
      page = render(params);
      break;
    }
  }
  return (
    <Shell user={s.user}>
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </Shell>
  );
}
