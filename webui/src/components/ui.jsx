// Small building blocks shared by the screens. Every control has a visible
// <label> tied to it, so screen readers and keyboard users get its name.
import { useEffect, useState, useId } from 'preact/hooks';
import { t, label, nameOf, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { ENUMS } from '../enums.js';
import { cached } from '../api.js';

export function Field({ label: text, children, hint, wide }) {
  return (
    <div class={wide ? 'field wide' : 'field'}>
      {text}
      {children}
      {hint && <small class="hint">{hint}</small>}
    </div>
  );
}

// A control with its <label>; `control(id)` renders the control itself.
function Labelled({ text, required, wide, hint, control }) {
  const id = useId();
  return (
    <div class={wide ? 'field wide' : 'field'}>
      <label for={id}>
        {text}
        {required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {control(id)}
      {hint && <small class="hint">{hint}</small>}
    </div>
  );
}

export function Input({ label: text, value, onInput, type = 'text', required, hint, wide, ...rest }) {
  return (
    <Labelled text={text} required={required} wide={wide} hint={hint} control={(id) => (
      <input id={id} type={type} value={value ?? ''} required={required}
             onInput={(e) => onInput(e.currentTarget.value)} {...rest} />
    )} />
  );
}

export function TextArea({ label: text, value, onInput, required, wide, rows = 3, ...rest }) {
  return (
    <Labelled text={text} required={required} wide={wide} control={(id) => (
      <textarea id={id} rows={rows} value={value ?? ''} required={required}
                onInput={(e) => onInput(e.currentTarget.value)} {...rest} />
    )} />
  );
}

// options: [[value, text], ...]
export function Select({ label: text, value, onChange, options, empty, required, wide, ...rest }) {
  return (
    <Labelled text={text} required={required} wide={wide} control={(id) => (
      <select id={id} value={value ?? ''} required={required}
              onChange={(e) => onChange(e.currentTarget.value)} {...rest}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map(([v, s]) => (
          <option key={v} value={v}>{s}</option>
        ))}
      </select>
    )} />
  );
}

export function EnumSelect({ name, ...rest }) {
  useSignal(language);
  return <Select options={ENUMS[name].map((v) => [v, label(name, v)])} {...rest} />;
}

export function Checkbox({ label: text, checked, onChange, ...rest }) {
  const id = useId();
  return (
    <div class="check">
      <input id={id} type="checkbox" checked={!!checked}
             onChange={(e) => onChange(e.currentTarget.checked)} {...rest} />
      <label for={id}>{text}</label>
    </div>
  );
}

// Loads a cached reference list (units, books) and keeps it in state.
export function useCached(path, pick) {
  const [data, setData] = useState(null);
  useEffect(() => {
    let live = true;
    cached(path).then((d) => live && setData(pick ? pick(d) : d)).catch(() => live && setData([]));
    return () => { live = false; };
  }, [path]);
  return data;
}

export const useUnits = () => useCached('/units', (d) => d.units);
export const useBooks = () => useCached('/books', (d) => d.books);
// The active colleagues (GET /people: names, roles, units; nothing secret).
export const usePeople = () => useCached('/people', (d) => d.people);

export function personName(people, id) {
  const p = people?.find((x) => x.id === id);
  return p ? p.display_name || p.username : id == null ? '' : `#${id}`;
}

// "Name (unit codes)", to tell namesakes apart in a choice.
export function personLabel(p, units) {
  const codes = p.unit_ids.map((id) => units?.find((u) => u.id === id)?.code).filter(Boolean);
  return `${p.display_name || p.username}${codes.length ? ` (${codes.join(', ')})` : ''}`;
}

export function unitName(units, id) {
  const u = units?.find((x) => x.id === id);
  return u ? nameOf(u) : id == null ? '' : `#${id}`;
}

export function UnitSelect({ units, allowed, ...rest }) {
  const list = (units || []).filter((u) => u.active && (!allowed || allowed.includes(u.id)));
  return <Select options={list.map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} {...rest} />;
}

export function Loading() {
  return <p class="muted loading" role="status">{t('common.loading')}</p>;
}

export function ErrorBox({ error }) {
  if (!error) return null;
  const key = `error.${error.code || 'internal'}`;
  const text = t(key) === key ? t('error.internal') : t(key);
  return (
    <div class="error" role="alert">
      <strong>{text}</strong>
      {error.message && <span class="detail"> ({error.message})</span>}
    </div>
  );
}

export function Notice({ children }) {
  return <div class="notice" role="status">{children}</div>;
}

export function Pager({ total, offset, limit, onPage }) {
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return (
    <nav class="pager" aria-label={t('common.pages')}>
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        ‹ {t('common.previous')}
      </button>
      <span>{t('common.pageOf', { page, pages })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        {t('common.next')} ›
      </button>
    </nav>
  );
}

export function Badge({ kind, children }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function UrgencyBadge({ value }) {
  if (!value || value === 'normal') return null;
  return <Badge kind={value}>{label('urgency', value)}</Badge>;
}

export function SecrecyBadge({ value }) {
  if (!value || value === 'normal') return null;
  return <Badge kind="secret">{label('secrecy', value)}</Badge>;
}

// Renders a search snippet ("escaped text with <mark>...</mark>") without
// ever handing server text to innerHTML: marks become elements, everything
// else becomes text nodes.
export function Snippet({ html }) {
  if (!html) return null;
  const parts = String(html).split(/(<mark>|<\/mark>)/);
  const out = [];
  let marked = false;
  parts.forEach((p, i) => {
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) {
      const text = unescapeHtml(p);
      out.push(marked ? <mark key={i}>{text}</mark> : text);
    }
  });
  return <p class="snippet">{out}</p>;
}

function unescapeHtml(s) {
  return s.replace(/&(lt|gt|amp|quot|#39|#x27|apos);/g, (m, e) =>
    ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#x27': "'", apos: "'" })[e]);
}
