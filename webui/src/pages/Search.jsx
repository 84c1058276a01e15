// Search: one box plus filters, sort and paging; snippets with the matched
// words highlighted. Works in Lao, Thai and English (the server word-breaks).
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { t, label, formatDate, language, nameOf } from '../i18n.js';
import { useSignal } from '../signal.js';
import { navigate, searchParams, location } from '../router.js';
import {
  Loading, ErrorBox, Input, Select, EnumSelect, Pager, Snippet, Badge, UrgencyBadge, SecrecyBadge,
  useUnits, useBooks, unitName,
} from '../components/ui.jsx';
import { ENUMS } from '../enums.js';

const FILTERS = ['unit_id', 'book', 'direction', 'status', 'urgency', 'secrecy', 'year',
  'document_date_from', 'document_date_to', 'received_from', 'received_to', 'sort', 'order'];

export function Search() {
  useSignal(language);
  const path = useSignal(location);
  const units = useUnits();
  const books = useBooks();
  const params = searchParams();
  const [form, setForm] = useState(() => Object.fromEntries(['q', ...FILTERS].map((k) => [k, params.get(k) || ''])));
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [more, setMore] = useState(FILTERS.some((k) => k !== 'sort' && k !== 'order' && params.get(k)));
  const offset = Number(params.get('offset') || 0);
  const q = params.get('q') || '';

  useEffect(() => {
    const p = searchParams();
    if (!p.get('q') && !FILTERS.some((k) => p.get(k))) { setResult(null); return; }
    setResult(null);
    setError(null);
    const args = Object.fromEntries([...p.entries()].filter(([, v]) => v !== ''));
    get('/search', { limit: 20, ...args }).then(setResult).catch(setError);
  }, [path]);

  const submit = (e, newOffset = 0) => {
    e?.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) if (v) p.set(k, v);
    if (newOffset) p.set('offset', String(newOffset));
    navigate(`/search?${p.toString()}`);
  };
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  const years = [];
  for (let y = new Date().getFullYear(); y >= new Date().getFullYear() - 10; y--) years.push(y);

  return (
    <section>
      <h1>{t('search.title')}</h1>
      <form onSubmit={submit} class="search-form" role="search">
        <div class="search-box">
          <Input label={t('search.query')} type="search" value={form.q} onInput={set('q')} name="q"
                 placeholder={t('search.placeholder')} data-testid="search-box" />
          <button type="submit" class="primary" data-testid="search-submit">{t('search.submit')}</button>
        </div>
        <button type="button" class="link" aria-expanded={more} onClick={() => setMore(!more)}>
          {more ? t('search.lessFilters') : t('search.moreFilters')}
        </button>
        {more && (
          <div class="grid-form filters">
            <Select label={t('letter.unit')} value={form.unit_id} onChange={set('unit_id')} empty={t('common.all')}
                    options={(units || []).map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} />
            <Select label={t('letter.book')} value={form.book} onChange={set('book')} empty={t('common.all')}
                    options={(books || []).map((b) => [b.code, nameOf(b)])} />
            <EnumSelect name="direction" label={t('letter.direction')} value={form.direction} onChange={set('direction')} empty={t('common.all')} />
            <EnumSelect name="status" label={t('common.status')} value={form.status} onChange={set('status')} empty={t('common.all')} />
            <EnumSelect name="urgency" label={t('letter.urgency')} value={form.urgency} onChange={set('urgency')} empty={t('common.all')} />
            <EnumSelect name="secrecy" label={t('letter.secrecy')} value={form.secrecy} onChange={set('secrecy')} empty={t('common.all')} />
            <Select label={t('search.year')} value={form.year} onChange={set('year')} empty={t('common.all')}
                    options={years.map((y) => [String(y), String(language.get() === 'th' ? y + 543 : y)])} />
            <Input label={t('search.docDateFrom')} type="date" value={form.document_date_from} onInput={set('document_date_from')} />
            <Input label={t('search.docDateTo')} type="date" value={form.document_date_to} onInput={set('document_date_to')} />
            <Input label={t('search.receivedFrom')} type="date" value={form.received_from} onInput={set('received_from')} />
            <Input label={t('search.receivedTo')} type="date" value={form.received_to} onInput={set('received_to')} />
          </div>
        )}
        <div class="row">
          <EnumSelect name="sort" label={t('search.sort')} value={form.sort || 'relevance'} onChange={set('sort')} />
          <Select label={t('search.order')} value={form.order || 'desc'} onChange={set('order')}
                  options={[['desc', t('search.desc')], ['asc', t('search.asc')]]} />
        </div>
      </form>
      <ErrorBox error={error} />
      {!result && !error && (q || FILTERS.some((k) => params.get(k))) && <Loading />}
      {result && (
        <>
          <p class="muted" role="status" data-testid="search-total">{t('search.total', { n: result.total })}</p>
          <ol class="results" data-testid="search-results">
            {result.hits.map((h) => (
              <li key={h.letter_id}>
                <a href={`/letters/${h.letter_id}`} class="subject">{h.subject}</a>
                <div class="muted small">
                  {h.register_label && <span class="regno">{h.register_label}</span>}{' '}
                  {h.document_no && <>{t('letter.documentNo')}: {h.document_no} · </>}
                  {h.from && <>{h.from} · </>}
                  {formatDate(h.document_date || h.received_at)} · {unitName(units, h.unit_id)}{' '}
                  <Badge kind={h.status}>{label('status', h.status)}</Badge> <UrgencyBadge value={h.urgency} /> <SecrecyBadge value={h.secrecy} />
                </div>
                <Snippet html={h.snippet} />
              </li>
            ))}
          </ol>
          <Pager total={result.total} offset={offset} limit={result.limit} onPage={(o) => submit(null, o)} />
        </>
      )}
    </section>
  );
}

export const SORTS = ENUMS.sort;
