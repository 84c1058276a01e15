// Register books: a book's register for a date range (every number, restricted
// lines kept), the printable daily receive register (A4, signature column,
// served by the API as its own page) and CSV exports.
import { useEffect, useState } from 'preact/hooks';
import { get, query, session } from '../api.js';
import { t, formatDate, language, nameOf, displayYear } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Loading, ErrorBox, Select, Input, useUnits, useBooks, useCached } from '../components/ui.jsx';

// Today in the office's time zone, and the register year it falls in.
function officeToday(settings) {
  const offset = Number(settings?.utc_offset_minutes ?? -new Date().getTimezoneOffset());
  return new Date(Date.now() + offset * 60000).toISOString().slice(0, 10);
}
function registerYear(settings, day) {
  const [y, m] = day.split('-').map(Number);
  return settings?.year_basis === 'thai_fiscal' && m >= 10 ? y + 1 : y;
}

function csvCell(v) {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function Registers() {
  const lang = useSignal(language);
  const user = useSignal(session).user;
  const units = useUnits();
  const books = useBooks();
  const settings = useCached('/settings', (d) => d.settings);
  const [f, setF] = useState(null);
  useEffect(() => {
    if (!settings || f) return;
    const day = officeToday(settings);
    setF({ unit_id: String(user.unit_ids[0] || ''), book: 'receive', year: String(registerYear(settings, day)), from: '', to: '', date: day });
  }, [settings]);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  useEffect(() => {
    if (!f?.unit_id) return;
    setData(null);
    setError(null);
    get('/registers', { unit_id: f.unit_id, book: f.book, year: f.year, from: f.from, to: f.to }).then(setData).catch(setError);
  }, [f?.unit_id, f?.book, f?.year, f?.from, f?.to]);
  if (!units || !books || !f) return <Loading />;
  const daily = (format) => `/api/v1/registers/daily${query({ unit_id: f.unit_id, book: f.book, date: f.date, format, lang })}`;
  const years = [];
  for (let y = registerYear(settings, f.date); y >= registerYear(settings, f.date) - 10; y--) years.push(y);
  const exportCsv = () => {
    const head = [t('letter.registerNo'), t('register.registeredAt'), t('letter.documentNo'), t('letter.documentDate'), t('letter.subject'), t('letter.from'), t('letter.to'), t('common.status')];
    const lines = [head, ...data.entries.map((e) => [e.label, e.registered_at, e.document_no, e.document_date, e.restricted ? t('register.restricted') : e.subject, e.from, e.to, e.cancelled ? t('status.cancelled') : ''])];
    const blob = new Blob(['\ufeff' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n')], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `register-${f.book}-${f.year}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <section>
      <h1>{t('register.title')}</h1>
      <div class="grid-form filters">
        <Select label={t('letter.unit')} value={f.unit_id} onChange={set('unit_id')} required
                options={units.map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} />
        <Select label={t('letter.book')} value={f.book} onChange={set('book')}
                options={books.filter((b) => b.numbered).map((b) => [b.code, nameOf(b)])} />
        <Select label={t('search.year')} value={f.year} onChange={set('year')}
                options={years.map((y) => [String(y), String(displayYear(y))])} />
        <Input label={t('register.from')} type="date" value={f.from} onInput={set('from')} />
        <Input label={t('register.to')} type="date" value={f.to} onInput={set('to')} />
      </div>
      <section class="daily">
        <h2>{t('register.daily')}</h2>
        <div class="row">
          <Input label={t('register.date')} type="date" value={f.date} onInput={set('date')} />
          <a class="button primary" href={daily('html')} target="_blank" rel="noopener" data-testid="print-daily">{t('register.print')}</a>
          <a class="button" href={daily('csv')} download>{t('register.csv')}</a>
        </div>
      </section>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <h2>{nameOf(data.book)} · {nameOf(data.unit)} · {displayYear(data.year)}</h2>
          <p class="row">
            <button type="button" onClick={exportCsv} disabled={!data.entries.length}>{t('register.csv')}</button>
            <span class="muted">{t('register.count', { n: data.entries.length })}</span>
          </p>
          <table class="list register" data-testid="register-table">
            <thead>
              <tr><th>{t('letter.registerNo')}</th><th>{t('register.registeredAt')}</th><th>{t('letter.documentNo')}</th><th>{t('letter.documentDate')}</th><th>{t('letter.subject')}</th><th>{t('letter.from')}</th><th>{t('letter.to')}</th></tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.number} class={e.cancelled ? 'cancelled' : ''}>
                  <td class="regno">{e.label}</td>
                  <td>{formatDate(e.registered_at, true)}</td>
                  {e.restricted ? (
                    <td colSpan={5} class="muted">{t('register.restricted')}</td>
                  ) : (
                    <>
                      <td>{e.document_no}</td>
                      <td>{formatDate(e.document_date)}</td>
                      <td>{e.letter_id ? <a href={`/letters/${e.letter_id}`}>{e.subject}</a> : e.subject}{e.cancelled && <> ({t('status.cancelled')})</>}</td>
                      <td>{e.from}</td>
                      <td>{e.to}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
