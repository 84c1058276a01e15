// New incoming for the user's units: each letter previewed (attachments,
// timeline, instructions) before it is accepted into the unit's receive book
// or returned to the sender with a note.
import { useEffect, useState } from 'preact/hooks';
import { get, post, session } from '../api.js';
import { t, label, formatDate, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Loading, ErrorBox, Badge, UrgencyBadge, SecrecyBadge, useUnits, unitName, TextArea, Notice } from '../components/ui.jsx';
import { AttachmentViewer } from '../components/viewer.jsx';
import { isRegistrarOf } from './Letter.jsx';

function Preview({ item, units, onDone }) {
  const user = useSignal(session).user;
  const [full, setFull] = useState(null);
  const [returning, setReturning] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  useEffect(() => {
    get(`/letters/${item.letter.id}`).then(setFull).catch(setError);
  }, [item.letter.id]);
  const unit = item.delivery.to_unit;
  const canAct = isRegistrarOf(user, unit);
  const accept = async () => {
    setError(null);
    try {
      const copy = await post(`/letters/${item.letter.id}/accept`, { unit_id: unit });
      onDone(t('inbox.accepted', { no: copy.register_label || copy.register_no }), copy.id);
    } catch (e) {
      setError(e);
    }
  };
  const ret = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await post(`/letters/${item.letter.id}/return`, { unit_id: unit, note });
      onDone(t('inbox.returned'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="preview" data-testid="inbox-preview">
      <ErrorBox error={error} />
      {!full && !error && <Loading />}
      {full && (
        <>
          <dl class="meta">
            <div><dt>{t('letter.documentNo')}</dt><dd>{full.document_no}</dd></div>
            <div><dt>{t('letter.documentDate')}</dt><dd>{formatDate(full.document_date)}</dd></div>
            <div><dt>{t('letter.from')}</dt><dd>{full.from}</dd></div>
            <div><dt>{t('inbox.fromUnit')}</dt><dd>{unitName(units, item.delivery.from_unit)}</dd></div>
            <div><dt>{t('letter.registerNo')}</dt><dd>{full.register_label}</dd></div>
          </dl>
          {(full.attachments || []).filter((a) => !a.deleted).slice(0, 1).map((a) => (
            <AttachmentViewer key={a.id} attachment={a} />
          ))}
          {full.assignments?.length > 0 && (
            <>
              <h3>{t('letter.instructions')}</h3>
              <ul>{full.assignments.map((a) => <li key={a.id}>{a.instruction}</li>)}</ul>
            </>
          )}
          <h3>{t('letter.timeline')}</h3>
          <ol class="timeline">
            {[...(full.timeline || [])].reverse().slice(0, 6).map((e, i) => (
              <li key={i}><time>{formatDate(e.at, true)}</time> {label('action', e.action)}</li>
            ))}
          </ol>
        </>
      )}
      {canAct && !returning && (
        <div class="row">
          <button type="button" class="primary" onClick={accept} data-testid="accept">{t('inbox.accept')}</button>
          <button type="button" onClick={() => setReturning(true)} data-testid="return">{t('inbox.return')}</button>
        </div>
      )}
      {canAct && returning && (
        <form onSubmit={ret} class="action-form" data-testid="return-form">
          <TextArea label={t('inbox.returnNote')} value={note} onInput={setNote} required />
          <div class="row">
            <button type="submit" class="primary">{t('inbox.return')}</button>
            <button type="button" onClick={() => setReturning(false)}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </div>
  );
}

export function Inbox() {
  useSignal(language);
  const units = useUnits();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);
  const [message, setMessage] = useState(null);
  const load = () => get('/inbox').then(setData).catch(setError);
  useEffect(() => { load(); }, []);
  return (
    <section>
      <h1>{t('inbox.title')}</h1>
      {message && <Notice><span data-testid="inbox-message">{message.text}</span>{message.id && <> · <a href={`/letters/${message.id}`}>{t('newLetter.openLetter')}</a></>}</Notice>}
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <p class="muted">{t('inbox.empty')}</p>}
      {data && data.items.length > 0 && (
        <ul class="inbox" data-testid="inbox-list">
          {data.items.map((item) => {
            const key = item.delivery.id;
            return (
              <li key={key} class={open === key ? 'open' : ''}>
                <button type="button" class="inbox-item" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                  <span class="subject">{item.letter.subject}</span>
                  <span class="muted">
                    {unitName(units, item.delivery.from_unit)} → {unitName(units, item.delivery.to_unit)} · {formatDate(item.delivery.sent_at, true)}
                  </span>
                  <UrgencyBadge value={item.letter.urgency} /> <SecrecyBadge value={item.letter.secrecy} />
                  {item.delivery.circular && <Badge kind="info">{t('letter.circular')}</Badge>}
                  {!item.delivery.read_at && <Badge kind="pending">{t('inbox.unread')}</Badge>}
                </button>
                {open === key && (
                  <Preview item={item} units={units} onDone={(text, id) => { setMessage({ text, id }); setOpen(null); load(); }} />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
