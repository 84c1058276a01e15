// Dashboard: the user's counts (each a link to the list behind it) and a
// chart of registered letters per day, week or month.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { t, label, formatDate, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Loading, ErrorBox } from '../components/ui.jsx';
import { ENUMS } from '../enums.js';

const CARDS = [
  ['new_incoming', 'dash.newIncoming', '/inbox'],
  ['waiting_to_accept', 'dash.waitingToAccept', '/inbox'],
  ['assigned_to_me', 'dash.assignedToMe', '/assignments'],
  ['overdue', 'dash.overdue', '/assignments'],
  ['waiting_for_signature', 'dash.waitingForSignature', '/signing'],
  ['signed', 'dash.signed', '/signing'],
  ['watched', 'dash.watched', '/watchlist'],
  ['unread_notifications', 'dash.unread', '/notifications'],
];

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function rangeFor(period) {
  const to = new Date();
  const from = new Date(to);
  if (period === 'day') from.setDate(from.getDate() - 29);
  else if (period === 'week') from.setDate(from.getDate() - 7 * 12);
  else from.setMonth(from.getMonth() - 11, 1);
  return { from: isoDay(from), to: isoDay(to) };
}

function bucketLabel(bucket, period) {
  if (period === 'day') return formatDate(bucket);
  if (period === 'month') {
    const [y, m] = bucket.split('-');
    const year = language.get() === 'th' ? Number(y) + 543 : Number(y);
    return `${t(`month.${Number(m)}`)} ${year}`;
  }
  return t('dash.week', { week: bucket.split('-W')[1] || bucket });
}

export function Chart({ rows, period }) {
  const totals = new Map();
  for (const r of rows) totals.set(r.bucket, (totals.get(r.bucket) || 0) + r.total);
  const buckets = [...totals.keys()].sort();
  if (!buckets.length) return <p class="muted">{t('dash.noLetters')}</p>;
  const max = Math.max(...totals.values(), 1);
  const w = 640;
  const h = 200;
  const bw = Math.min(w / buckets.length, 80);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${w} ${h + 20}`} role="img" aria-label={t('dash.chartTitle')}>
        {buckets.map((b, i) => {
          const v = totals.get(b);
          const bh = (v / max) * (h - 20);
          return (
            <g key={b}>
              <title>{`${bucketLabel(b, period)}: ${v}`}</title>
              <rect x={i * bw + bw * 0.15} y={h - bh} width={bw * 0.7} height={bh} class="bar" />
              <text x={i * bw + bw / 2} y={h - bh - 4} class="val">{v}</text>
            </g>
          );
        })}
        <line x1="0" y1={h} x2={w} y2={h} class="axis" />
      </svg>
      <figcaption>
        {bucketLabel(buckets[0], period)} – {bucketLabel(buckets[buckets.length - 1], period)}
      </figcaption>
      <table class="sr">
        <caption>{t('dash.chartTitle')}</caption>
        <tbody>
          {buckets.map((b) => (
            <tr key={b}><th>{bucketLabel(b, period)}</th><td>{totals.get(b)}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function Dashboard() {
  useSignal(language);
  const [counts, setCounts] = useState(null);
  const [stats, setStats] = useState(null);
  const [period, setPeriod] = useState('day');
  const [error, setError] = useState(null);
  useEffect(() => {
    get('/dashboard').then(setCounts).catch(setError);
  }, []);
  useEffect(() => {
    setStats(null);
    get('/statistics', { period, ...rangeFor(period) }).then(setStats).catch(() => setStats({ rows: [] }));
  }, [period]);
  return (
    <section>
      <h1>{t('dash.title')}</h1>
      <ErrorBox error={error} />
      {!counts && !error && <Loading />}
      {counts && (
        <ul class="cards" data-testid="dashboard-counts">
          {CARDS.map(([k, key, href]) => (
            <li key={k} class={counts[k] > 0 && (k === 'overdue') ? 'card alert' : 'card'}>
              <a href={href}>
                <span class="n">{counts[k] ?? 0}</span>
                <span class="l">{t(key)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('dash.chartTitle')}</h2>
      <div class="tabs" role="group" aria-label={t('dash.period')}>
        {ENUMS.period.map((p) => (
          <button type="button" key={p} aria-pressed={p === period} class={p === period ? 'on' : ''}
                  onClick={() => setPeriod(p)}>
            {label('period', p)}
          </button>
        ))}
      </div>
      {stats ? <Chart rows={stats.rows || []} period={period} /> : <Loading />}
    </section>
  );
}
