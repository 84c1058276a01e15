// Client-side routes on the History API; the daemon answers index.html for
// any path that is not a file or under /api, so a reload keeps the page.
import { signal } from './signal.js';

export const location = signal(window.location.pathname + window.location.search);

export function navigate(to, replace = false) {
  if (to === location.get()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.set(to);
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  location.set(window.location.pathname + window.location.search);
});

// Links inside the app navigate without a reload (plain clicks only).
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest?.('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href.startsWith('/') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
});

// Matches "/letters/42" against "/letters/:id" -> {id: "42"} or null.
export function match(pattern, path) {
  const p = pattern.split('/');
  const s = path.split('?')[0].split('/');
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function searchParams() {
  return new URLSearchParams(location.get().split('?')[1] || '');
}
