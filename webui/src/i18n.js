// UI language and the office's ways of writing dates. One dictionary per
// language (i18n/*.json, same keys, checked at build time); the language is
// the user's (stored by the server) and, before login, the browser's choice
// remembered in localStorage.
import { signal } from './signal.js';
import en from './i18n/en.json';
import lo from './i18n/lo.json';
import th from './i18n/th.json';

const dicts = { en, lo, th };
const STORAGE_KEY = 'saraban.lang';

function initialLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && dicts[saved]) return saved;
  } catch {
    /* storage blocked: fall through */
  }
  const nav = (navigator.language || '').slice(0, 2);
  return dicts[nav] ? nav : 'lo';
}

export const language = signal(initialLanguage());

export function setLanguage(lang) {
  if (!dicts[lang]) return;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = lang;
  language.set(lang);
}
document.documentElement.lang = language.get();

// t('key', {n: 3}) -> the text in the current language with {n} filled in.
// A missing key shows the key itself, so the e2e test can spot it.
export function t(key, vars) {
  const d = dicts[language.get()];
  let s = d[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// An enum value's label, e.g. label('urgency', 'urgent').
export function label(prefix, value) {
  if (value == null || value === '') return '';
  const key = `${prefix}.${value}`;
  const d = dicts[language.get()];
  return d[key] ?? d[`${prefix}.other`] ?? value;
}

// The name of a unit or book in the current language, falling back to the
// office's other languages and then its code.
export function nameOf(item) {
  if (!item) return '';
  const l = language.get();
  return item[`name_${l}`] || item.name_lo || item.name_th || item.name_en || item.code || '';
}

// Dates as the office reads them: Thai month names and Buddhist Era years in
// Thai, Lao month names in Lao. `value` is "YYYY-MM-DD" or an RFC 3339 time
// (already in the office's UTC offset, so its digits are used as they are).
export function formatDate(value, withTime = false) {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d, hh, mm] = m;
  const l = language.get();
  const year = l === 'th' ? Number(y) + 543 : Number(y);
  const month = t(`month.${Number(mo)}`);
  let s = `${Number(d)} ${month} ${year}`;
  if (withTime && hh) s += ` ${hh}:${mm}`;
  return s;
}

// A year as the UI shows it (BE in Thai).
export function displayYear(ceYear) {
  return language.get() === 'th' ? Number(ceYear) + 543 : Number(ceYear);
}

export function formatNumber(n) {
  return n == null ? '' : Number(n).toLocaleString('en-US');
}
