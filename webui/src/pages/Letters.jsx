// Letters the user may see, newest first, with the list filters.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { t, label, formatDate, language, nameOf } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Loading, ErrorBox, Select, EnumSelect, Pager, Badge, UrgencyBadge, useUnits, useBooks, unitName } from '../components/ui.jsx';

export function LetterTable({ letters, units }) {
  return (
    <table class="list" data-testid="letter-table">
      <thead>
        <tr>
          <th>{t('letter.registerNo')}</th><th>{t('letter.subject')}</th><th>{t('letter.from')}</th>
          <th>{t('letter.unit')}</th><th>{t('letter.registeredAt')}</th><th>{t('common.status')}</th>
        </tr>
      </thead>
      <tbody>
        {letters.map((l) => (
          <tr key={l.id}>
            <td class="regno">{l.register_label}</td>
            <td><a href={`/letters/${l.id}`}>{l.subject}</a> <UrgencyBadge value={l.urgency} /></td>
            <td>{l.from}</td>
            <td>{unitName(units, l.unit_id)}</td>
            <td>{formatDate(l.registered_at || l.created_at)}</td>
            <td><Badge kind={l.status}>{label('status', l.status)}</Badge></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Letters() {
  useSignal(language);
  const units = useUnits();
  const books = useBooks();
  const [filter, setFilter] = useState({ unit_id: '', book: '', direction: '', status: '' });
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setData(null);
    get('/letters', { ...filter, offset, limit: 50 }).then(setData).catch(setError);
  }, [filter, offset]);
  const set = (k) => (v) => { setOffset(0); setFilter({ ...filter, [k]: v }); };
  return (
    <section>
      <h1>{t('nav.letters')}</h1>
      <div class="grid-form filters">
        <Select label={t('letter.unit')} value={filter.unit_id} onChange={set('unit_id')} empty={t('common.all')}
                options={(units || []).map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} />
        <Select label={t('letter.book')} value={filter.book} onChange={set('book')} empty={t('common.all')}
                options={(books || []).map((b) => [b.code, nameOf(b)])} />
        <EnumSelect name="direction" label={t('letter.direction')} value={filter.direction} onChange={set('direction')} empty={t('common.all')} />
        <EnumSelect name="status" label={t('common.status')} value={filter.status} onChange={set('status')} empty={t('common.all')} />
      </div>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && data.letters.length === 0 && <p class="muted">{t('common.none')}</p>}
      {data && data.letters.length > 0 && <LetterTable letters={data.letters} units={units} />}
      {data && <Pager total={data.total} offset={offset} limit={50} onPage={setOffset} />}
    </section>
  );
}
