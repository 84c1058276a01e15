// Register a letter (incoming, outgoing or internal) with all the official
// fields, or save a draft; scans chosen here upload right after, each with
// its progress and live OCR status. An outgoing letter registered with a
// provisional subject reserves its number.
import { useState } from 'preact/hooks';
import { post, session } from '../api.js';
import { t, label, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { searchParams } from '../router.js';
import {
  Input, TextArea, Select, EnumSelect, Checkbox, ErrorBox, UnitSelect, useUnits, useBooks, Loading,
} from '../components/ui.jsx';
import { FilePicker, UploadList, keyed } from '../components/upload.jsx';
import { nameOf } from '../i18n.js';

const DEFAULT_BOOK = { incoming: 'receive', outgoing: 'send_normal', internal: 'memo' };

function nowLocal() {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function registrarUnits(user, units) {
  if (!units) return [];
  if (user.roles.includes('central_registrar')) return units.map((u) => u.id);
  return user.unit_ids;
}

export function NewLetter() {
  useSignal(language);
  const user = useSignal(session).user;
  const units = useUnits();
  const books = useBooks();
  const direction = searchParams().get('direction') || 'incoming';
  const [f, setF] = useState({
    direction, book: DEFAULT_BOOK[direction] || 'receive', unit_id: String(user.unit_ids[0] || ''),
    document_no: '', document_date: '', subject: '', from: '', to: '', received_at: nowLocal(),
    urgency: 'normal', secrecy: 'normal', category: '', delivery_method: '', due_days: '', remarks: '',
  });
  const [register, setRegister] = useState(true);
  const [files, setFiles] = useState([]);
  const [letter, setLetter] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  if (!units || !books) return <Loading />;
  const isRegistrar = user.roles.some((r) => r === 'central_registrar' || r === 'unit_registrar');

  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { ...f, unit_id: Number(f.unit_id), register: register && isRegistrar };
    body.due_days = f.due_days === '' ? undefined : Number(f.due_days);
    body.received_at = f.direction === 'incoming' && f.received_at ? new Date(f.received_at).toISOString() : undefined;
    for (const k of ['document_date']) if (!body[k]) delete body[k];
    try {
      setLetter(await post('/letters', body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (letter) {
    return (
      <section>
        <h1>{t(`newLetter.title.${letter.direction}`)}</h1>
        <div class="notice success" role="status" data-testid="registered">
          {letter.register_label ? (
            <>
              {t('newLetter.registeredAs')} <strong class="regno" data-testid="register-label">{letter.register_label}</strong>
            </>
          ) : (
            t('newLetter.savedDraft')
          )}
        </div>
        <h2>{t('letter.attachments')}</h2>
        <UploadList letterId={letter.id} files={files} />
        <FilePicker onFiles={(fs) => setFiles([...files, ...keyed(fs)])} />
        <p class="row">
          <a class="button primary" href={`/letters/${letter.id}`} data-testid="open-letter">{t('newLetter.openLetter')}</a>
          <a class="button" href={`/letters/new?direction=${letter.direction}`}
             onClick={() => { setLetter(null); setFiles([]); setF({ ...f, subject: '', document_no: '' }); }}>
            {t('newLetter.another')}
          </a>
        </p>
      </section>
    );
  }

  const bookOptions = books.filter((b) => b.numbered || !register).map((b) => [b.code, nameOf(b)]);
  return (
    <section>
      <h1>{t(`newLetter.title.${f.direction}`)}</h1>
      <form onSubmit={submit} class="grid-form" data-testid="letter-form">
        <EnumSelect name="direction" label={t('letter.direction')} value={f.direction}
                    onChange={(v) => setF({ ...f, direction: v, book: DEFAULT_BOOK[v] })} />
        <UnitSelect units={units} allowed={registrarUnits(user, units).length ? registrarUnits(user, units) : null}
                    label={t('letter.unit')} value={f.unit_id} onChange={set('unit_id')} required name="unit_id" />
        <Select label={t('letter.book')} value={f.book} onChange={set('book')} options={bookOptions} required name="book" />
        <Input label={t('letter.documentNo')} value={f.document_no} onInput={set('document_no')} name="document_no" />
        <Input label={t('letter.documentDate')} type="date" value={f.document_date} onInput={set('document_date')} name="document_date" />
        {f.direction === 'incoming' && (
          <Input label={t('letter.receivedAt')} type="datetime-local" value={f.received_at} onInput={set('received_at')} name="received_at" />
        )}
        <TextArea label={t('letter.subject')} value={f.subject} onInput={set('subject')} required wide rows={2} name="subject" />
        <Input label={t('letter.from')} value={f.from} onInput={set('from')} name="from" />
        <Input label={t('letter.to')} value={f.to} onInput={set('to')} name="to" />
        <EnumSelect name="urgency" label={t('letter.urgency')} value={f.urgency} onChange={set('urgency')} />
        <EnumSelect name="secrecy" label={t('letter.secrecy')} value={f.secrecy} onChange={set('secrecy')} />
        <Input label={t('letter.category')} value={f.category} onInput={set('category')} name="category" />
        <Input label={t('letter.deliveryMethod')} value={f.delivery_method} onInput={set('delivery_method')} name="delivery_method" />
        <Input label={t('letter.dueDays')} type="number" min="0" max="3650" value={f.due_days} onInput={set('due_days')} name="due_days" />
        <TextArea label={t('letter.remarks')} value={f.remarks} onInput={set('remarks')} wide name="remarks" />
        <div class="field wide">
          <span class="label">{t('letter.attachments')}</span>
          <FilePicker onFiles={(fs) => setFiles([...files, ...keyed(fs)])} />
          {files.length > 0 && (
            <ul class="chosen" data-testid="chosen-files">
              {files.map((x) => (
                <li key={x.key}>
                  {x.file.name}{' '}
                  <button type="button" class="link" onClick={() => setFiles(files.filter((y) => y !== x))}>
                    {t('common.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {isRegistrar && (
          <Checkbox label={f.direction === 'incoming' ? t('newLetter.registerNow') : t('newLetter.reserveNumber')}
                    checked={register} onChange={setRegister} />
        )}
        <ErrorBox error={error} />
        <div class="actions wide">
          <button type="submit" class="primary" disabled={busy} data-testid="submit-letter">
            {register && isRegistrar ? t('newLetter.register') : t('newLetter.saveDraft')}
          </button>
        </div>
      </form>
      <p class="muted">{t('newLetter.hint.' + (f.direction === 'incoming' ? 'incoming' : 'outgoing'))}</p>
    </section>
  );
}

export const directionLabel = (d) => label('direction', d);
