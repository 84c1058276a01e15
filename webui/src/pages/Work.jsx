// The user's own work lists: watch list, assignments (instructions to me or
// my units), the signing folder and notifications.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { t, label, formatDate, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Loading, ErrorBox, Badge, useUnits, Checkbox, Pager } from '../components/ui.jsx';
import { LetterTable } from './Letters.jsx';
import { unread } from '../app.jsx';

function useLoad(path, params, deps = []) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const reload = () => get(path, params).then(setData).catch(setError);
  useEffect(() => { setData(null); reload(); }, deps);
  return [data, error, reload];
}

export function Watchlist() {
  useSignal(language);
  const units = useUnits();
  const [data, error] = useLoad('/watchlist');
  return (
    <section>
      <h1>{t('nav.watchlist')}</h1>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (data.letters.length ? <LetterTable letters={data.letters} units={units} /> : <p class="muted">{t('common.none')}</p>)}
    </section>
  );
}

export function Assignments() {
  useSignal(language);
  const [openOnly, setOpenOnly] = useState(true);
  const [offset, setOffset] = useState(0);
  const params = openOnly ? { open: true, offset } : { offset };
  const [data, error] = useLoad('/assignments', params, [openOnly, offset]);
  const showOpenOnly = (value) => { setOpenOnly(value); setOffset(0); };
  // Items finished elsewhere can leave this page past the end: go to the last one.
  useEffect(() => {
    if (data && offset > 0 && offset >= data.total) setOffset(Math.max(0, data.total - data.limit));
  }, [data]);
  return (
    <section>
      <h1>{t('nav.assignments')}</h1>
      <Checkbox label={t('assign.openOnly')} checked={openOnly} onChange={showOpenOnly} />
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <p class="muted">{t('assign.summary', { n: data.total, overdue: data.overdue })}</p>
          {data.assignments.length === 0 && <p class="muted">{t('common.none')}</p>}
          <ul class="assignments">
            {data.assignments.map((a) => (
              <li key={a.id} class={a.overdue ? 'overdue' : ''}>
                <Badge kind={a.status}>{label('assignment', a.status)}</Badge> <strong>{label('purpose', a.purpose)}</strong>
                {a.due_date && <> · {t('letter.dueDate')}: {formatDate(a.due_date)}</>}
                {a.overdue && <> <Badge kind="most_urgent">{t('dash.overdue')}</Badge></>}
                <p><a href={`/letters/${a.letter_id}`}>{a.letter_subject || a.instruction}</a></p>
                {a.letter_subject && <p class="muted">{a.instruction}</p>}
              </li>
            ))}
          </ul>
          <Pager total={data.total} offset={offset} limit={data.limit} onPage={setOffset} />
        </>
      )}
    </section>
  );
}

export function SigningFolder() {
  useSignal(language);
  const [data, error] = useLoad('/signing-folder');
  const list = (items) => (
    <ul class="results">
      {items.map(({ request, letter }) => (
        <li key={request.id}>
          <a href={`/letters/${letter.id}`} class="subject">{letter.subject}</a>
          <div class="muted small">
            {letter.register_label && <span class="regno">{letter.register_label}</span>} · {formatDate(request.submitted_at, true)}
            {request.note && <> · <q>{request.note}</q></>}
          </div>
        </li>
      ))}
    </ul>
  );
  return (
    <section>
      <h1>{t('nav.signing')}</h1>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <h2>{t('signing.waiting')} ({data.total_waiting})</h2>
          {data.waiting.length ? list(data.waiting) : <p class="muted">{t('common.none')}</p>}
          <h2>{t('signing.recent')}</h2>
          {data.recent.length ? list(data.recent) : <p class="muted">{t('common.none')}</p>}
        </>
      )}
    </section>
  );
}

export function Notifications() {
  useSignal(language);
  const [data, error, reload] = useLoad('/notifications');
  const markAll = async () => {
    await post('/notifications/read', {});
    unread.set(0);
    reload();
  };
  return (
    <section>
      <h1>{t('nav.notifications')}</h1>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <p class="row">
            <span>{t('notify.unread', { n: data.unread })}</span>
            <button type="button" onClick={markAll} disabled={!data.unread}>{t('notify.markAll')}</button>
          </p>
          {data.notifications.length === 0 && <p class="muted">{t('common.none')}</p>}
          <ul class="results" data-testid="notifications">
            {data.notifications.map((n) => (
              <li key={n.id} class={n.read ? '' : 'unread'}>
                <Badge kind={n.read ? 'info' : 'pending'}>{label('notification', n.kind)}</Badge>{' '}
                <a href={`/letters/${n.letter_id}`} onClick={() => !n.read && post('/notifications/read', { ids: [n.id] })}>{n.text}</a>
                <span class="muted small"> · {formatDate(n.at, true)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
