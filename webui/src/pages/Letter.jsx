// One letter: metadata, attachments (viewer beside the extracted text),
// the route (every unit it passed through and where it is now), deliveries,
// instructions, signatures, comments and the timeline, with the actions the
// user may take: send, accept, return, forward (to people or units), file in
// a folder, watch, sign, submit for signature, close, cancel.
import { useEffect, useState } from 'preact/hooks';
import { get, post, del, session } from '../api.js';
import { t, label, formatDate, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { navigate } from '../router.js';
import {
  Loading, ErrorBox, Badge, UrgencyBadge, SecrecyBadge, useUnits, unitName, TextArea, Input, Checkbox,
  Select, Notice, useBooks, usePeople, personName, personLabel,
} from '../components/ui.jsx';
import { AttachmentViewer } from '../components/viewer.jsx';
import { FilePicker, UploadList, keyed, TextStatus } from '../components/upload.jsx';
import { nameOf } from '../i18n.js';

export function isRegistrarOf(user, unitId) {
  return user.roles.includes('central_registrar') ||
    (user.roles.includes('unit_registrar') && user.unit_ids.includes(unitId));
}

function Meta({ letter, units }) {
  const books = useBooks();
  const rows = [
    ['letter.registerNo', letter.register_label, 'register-no'],
    ['letter.direction', label('direction', letter.direction)],
    ['letter.book', nameOf(books?.find((b) => b.code === letter.book)) || letter.book],
    ['letter.documentNo', letter.document_no],
    ['letter.documentDate', formatDate(letter.document_date)],
    ['letter.from', letter.from],
    ['letter.to', letter.to],
    ['letter.unit', unitName(units, letter.unit_id)],
    ['letter.receivedAt', formatDate(letter.received_at, true)],
    ['letter.registeredAt', formatDate(letter.registered_at, true)],
    ['letter.urgency', label('urgency', letter.urgency)],
    ['letter.secrecy', label('secrecy', letter.secrecy)],
    ['letter.category', letter.category],
    ['letter.deliveryMethod', letter.delivery_method],
    ['letter.dueDate', formatDate(letter.due_date)],
    ['letter.remarks', letter.remarks],
    ['letter.cancelReason', letter.cancel_reason],
    ['letter.closeNote', letter.close_note],
  ];
  return (
    <dl class="meta">
      {rows.filter(([, v]) => v).map(([k, v, id]) => (
        <div key={k}>
          <dt>{t(k)}</dt>
          <dd data-testid={id}>{v}</dd>
        </div>
      ))}
      {letter.origin_letter_id && (
        <div><dt>{t('letter.origin')}</dt><dd><a href={`/letters/${letter.origin_letter_id}`}>#{letter.origin_letter_id}</a></dd></div>
      )}
    </dl>
  );
}

function Timeline({ events, units, people }) {
  return (
    <ol class="timeline" data-testid="timeline">
      {[...events].reverse().map((e, i) => (
        <li key={i}>
          <time>{formatDate(e.at, true)}</time> <strong>{label('action', e.action)}</strong>
          {e.user_id > 0 && people && <span class="muted"> · {personName(people, e.user_id)}</span>}
          {e.detail?.unit_ids?.length > 0 && <span> → {e.detail.unit_ids.map((u) => unitName(units, u)).join(', ')}</span>}
          {e.detail?.user_ids?.length > 0 && people && <span> → {e.detail.user_ids.map((u) => personName(people, u)).join(', ')}</span>}
          {e.detail?.unit_id && <span> · {unitName(units, e.detail.unit_id)}</span>}
          {e.detail?.filename && <span> · {e.detail.filename}</span>}
          {(e.detail?.note || e.detail?.reason || e.detail?.text) && (
            <q>{e.detail.note || e.detail.reason || e.detail.text}</q>
          )}
        </li>
      ))}
    </ol>
  );
}

function Deliveries({ letter, units }) {
  if (!letter.deliveries?.length) return null;
  return (
    <section>
      <h2>{t('letter.deliveries')}</h2>
      <table class="list" data-testid="deliveries">
        <thead>
          <tr><th>{t('letter.toUnit')}</th><th>{t('common.status')}</th><th>{t('letter.readAt')}</th><th>{t('letter.receiveNo')}</th><th>{t('letter.note')}</th></tr>
        </thead>
        <tbody>
          {letter.deliveries.map((d) => (
            <tr key={d.id}>
              <td>{unitName(units, d.to_unit)}{d.circular && <> <Badge kind="info">{t('letter.circular')}</Badge></>}</td>
              <td><Badge kind={d.status}>{label('delivery', d.status)}</Badge></td>
              <td>{formatDate(d.read_at, true)}</td>
              <td>{d.copy_id ? <a href={`/letters/${d.copy_id}`}>{d.receive_no}</a> : ''}</td>
              <td>{d.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// Where the letter went and where it is now: each unit on the route, indented
// by how many sendings it is from the first, with its state there.
function RouteView({ letterId, version }) {
  const [route, setRoute] = useState(null);
  useEffect(() => {
    get(`/letters/${letterId}/route`).then(setRoute).catch(() => setRoute(null));
  }, [letterId, version]);
  if (!route || route.stops.length < 2) return null;
  const here = new Set(route.current.map((u) => u.id));
  return (
    <section>
      <h2>{t('letter.route')}</h2>
      <p data-testid="route-now">
        <strong>{t('route.nowAt')}:</strong>{' '}
        {route.current.length ? route.current.map((u) => `${u.code} — ${nameOf(u)}`).join(', ') : t('route.nowhere')}
      </p>
      <ol class="route" data-testid="route">
        {route.stops.map((s, i) => (
          <li key={i} class={`depth-${Math.min(s.depth, 6)}${here.has(s.unit.id) ? ' here' : ''}`}
              data-state={s.state}>
            {s.depth > 0 && <span class="arrow" aria-hidden="true">↳ </span>}
            <strong>{s.unit.code}</strong> {nameOf(s.unit)}{' '}
            <Badge kind={s.state}>{label('routeState', s.state)}</Badge>
            {here.has(s.unit.id) && <> <Badge kind="pending">{t('route.here')}</Badge></>}
            {s.delivery?.sent_at && <span class="muted small"> · {t('route.sentAt')} {formatDate(s.delivery.sent_at, true)}</span>}
            {s.letter_id && s.letter_id !== letterId && <> · <a href={`/letters/${s.letter_id}`}>{t('route.open')}</a></>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Comments({ letter, people, reload }) {
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const comments = (letter.timeline || []).filter((e) => e.action === 'comment');
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post(`/letters/${letter.id}/comments`, { text });
      setText('');
      await reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h2>{t('letter.comments')}</h2>
      {comments.length === 0 && <p class="muted">{t('letter.noComments')}</p>}
      <ul class="comments" data-testid="comments">
        {comments.map((c, i) => (
          <li key={i}>
            <strong>{personName(people, c.user_id)}</strong> <time class="muted small">{formatDate(c.at, true)}</time>
            <p>{c.detail?.text}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} class="narrow" data-testid="comment-form">
        <TextArea label={t('letter.addComment')} value={text} onInput={setText} required name="comment" />
        <ErrorBox error={error} />
        <button type="submit" disabled={busy}>{t('letter.postComment')}</button>
      </form>
    </section>
  );
}

function FileForm({ letter, done, cancel }) {
  const [folders, setFolders] = useState(null);
  const [folder, setFolder] = useState('');
  useEffect(() => {
    get('/folders').then((d) => setFolders(d.folders.filter((f) => f.can_file))).catch(() => setFolders([]));
  }, []);
  return (
    <ActionForm title={t('folder.fileIn')} submitText={t('folder.file')} onCancel={cancel} testid="file-form"
                onSubmit={async () => {
                  await post(`/folders/${folder}/letters`, { letter_id: letter.id });
                  done();
                }}>
      {folders && folders.length === 0 && <p class="muted">{t('folder.noneToFile')} <a href="/folders">{t('nav.folders')}</a></p>}
      <Select label={t('folder.folder')} value={folder} onChange={setFolder} required empty="" name="folder"
              options={(folders || []).map((f) => [String(f.id), `${f.name} (${label('folderLevel', f.level)})`])} />
    </ActionForm>
  );
}

function Assignments({ letter, reload }) {
  const [text, setText] = useState({});
  const [error, setError] = useState(null);
  if (!letter.assignments?.length) return null;
  const act = async (a, what) => {
    setError(null);
    try {
      await post(`/assignments/${a.id}/${what}`, { text: text[a.id] || '' });
      setText({ ...text, [a.id]: '' });
      reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <h2>{t('letter.instructions')}</h2>
      <ErrorBox error={error} />
      <ul class="assignments">
        {letter.assignments.map((a) => (
          <li key={a.id} class={a.overdue ? 'overdue' : ''}>
            <div>
              <Badge kind={a.status}>{label('assignment', a.status)}</Badge>{' '}
              <strong>{label('purpose', a.purpose)}</strong>
              {a.due_date && <> · {t('letter.dueDate')}: {formatDate(a.due_date)}</>}
              {a.overdue && <> <Badge kind="most_urgent">{t('dash.overdue')}</Badge></>}
            </div>
            <p>{a.instruction}</p>
            {a.notes?.length > 0 && (
              <ul class="notes">
                {a.notes.map((n, i) => <li key={i}><time>{formatDate(n.at, true)}</time> {label('action', `assignment_${n.kind}`)}: {n.text}</li>)}
              </ul>
            )}
            {a.status !== 'done' && (
              <div class="row">
                <Input label={t('letter.comment')} value={text[a.id] || ''} onInput={(v) => setText({ ...text, [a.id]: v })} />
                <button type="button" onClick={() => act(a, 'acknowledge')}>{t('assign.acknowledge')}</button>
                <button type="button" onClick={() => act(a, 'comment')}>{t('assign.comment')}</button>
                <button type="button" onClick={() => act(a, 'report')}>{t('assign.report')}</button>
                <button type="button" onClick={() => act(a, 'done')}>{t('assign.done')}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

// A small inline form opened by an action button.
function ActionForm({ title, onSubmit, onCancel, children, submitText, testid }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  return (
    <form class="action-form" data-testid={testid} onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        await onSubmit();
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    }}>
      <h3>{title}</h3>
      {children}
      <ErrorBox error={error} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{submitText}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function SendForm({ letter, units, done, cancel }) {
  const [chosen, setChosen] = useState([]);
  const [circular, setCircular] = useState(false);
  const list = (units || []).filter((u) => u.active && u.id !== letter.unit_id);
  return (
    <ActionForm title={t('letter.send')} submitText={t('letter.send')} onCancel={cancel} testid="send-form"
                onSubmit={async () => {
                  await post(`/letters/${letter.id}/send`, { unit_ids: chosen, circular });
                  done();
                }}>
      <fieldset>
        <legend>{t('letter.sendTo')}</legend>
        {list.map((u) => (
          <Checkbox key={u.id} label={`${u.code} — ${nameOf(u)}`} checked={chosen.includes(u.id)}
                    onChange={(on) => setChosen(on ? [...chosen, u.id] : chosen.filter((x) => x !== u.id))} />
        ))}
      </fieldset>
      <Checkbox label={t('letter.asCircular')} checked={circular} onChange={setCircular} />
    </ActionForm>
  );
}

function ForwardForm({ letter, units, done, cancel }) {
  const people = usePeople();
  const me = useSignal(session).user;
  const [person, setPerson] = useState('');
  const [unit, setUnit] = useState('');
  const [purpose, setPurpose] = useState('action');
  const [instruction, setInstruction] = useState('');
  const [dueDate, setDueDate] = useState('');
  return (
    <ActionForm title={t('letter.forward')} submitText={t('letter.forward')} onCancel={cancel} testid="forward-form"
                onSubmit={async () => {
                  if (!person && !unit) throw { code: 'invalid_argument', message: t('letter.forwardWho') };
                  await post(`/letters/${letter.id}/forward`, {
                    user_ids: person ? [Number(person)] : [], unit_ids: unit ? [Number(unit)] : [], purpose, instruction,
                    ...(dueDate ? { due_date: dueDate } : {}),
                  });
                  done();
                }}>
      <p class="muted wide">{t('letter.forwardWho')}</p>
      <Select label={t('letter.toPerson')} value={person} onChange={setPerson} empty="" name="person"
              options={(people || []).filter((p) => p.id !== me.id).map((p) => [String(p.id), personLabel(p, units)])} />
      <Select label={t('letter.toUnit')} value={unit} onChange={setUnit} empty="" name="unit"
              options={(units || []).filter((u) => u.active).map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} />
      <Select label={t('letter.purpose')} value={purpose} onChange={setPurpose}
              options={['action', 'information'].map((p) => [p, label('purpose', p)])} />
      <TextArea label={t('letter.instruction')} value={instruction} onInput={setInstruction} required />
      <Input label={t('letter.dueDate')} type="date" value={dueDate} onInput={setDueDate} name="due_date" />
    </ActionForm>
  );
}

function NoteForm({ title, field = 'note', required = true, submit, cancel, extra, testid }) {
  const [note, setNote] = useState('');
  return (
    <ActionForm title={title} submitText={title} onCancel={cancel} testid={testid}
                onSubmit={() => submit({ [field]: note, ...(extra || {}) })}>
      <TextArea label={t('letter.note')} value={note} onInput={setNote} required={required} />
    </ActionForm>
  );
}

function SignForm({ letter, done, cancel }) {
  const [password, setPassword] = useState('');
  return (
    <ActionForm title={t('letter.sign')} submitText={t('letter.sign')} onCancel={cancel} testid="sign-form"
                onSubmit={async () => { await post(`/letters/${letter.id}/sign`, { password }); done(); }}>
      <p>{t('letter.signConfirm')}</p>
      <Input label={t('login.password')} type="password" value={password} onInput={setPassword} required
             autocomplete="current-password" name="sign_password" />
    </ActionForm>
  );
}

// The signer is an executive; those whose units hold the letter's unit come
// first (an executive sees their units and all below them).
function SubmitSignatureForm({ letter, units, done, cancel }) {
  const [signer, setSigner] = useState('');
  const [note, setNote] = useState('');
  const [people, setPeople] = useState(null);
  useEffect(() => {
    get('/people', { role: 'executive' }).then((p) => setPeople(p.people)).catch(() => setPeople([]));
  }, []);
  const above = new Set();
  for (let u = units?.find((x) => x.id === letter.unit_id); u; u = units.find((x) => x.id === u.parent_id)) above.add(u.id);
  const near = (p) => (p.unit_ids.some((id) => above.has(id)) ? 0 : 1);
  const sorted = [...(people || [])].sort((a, b) => near(a) - near(b));
  return (
    <ActionForm title={t('letter.submitSignature')} submitText={t('letter.submitSignature')} onCancel={cancel}
                testid="submit-signature-form" onSubmit={async () => {
                  await post(`/letters/${letter.id}/submit-signature`, { signer_id: Number(signer), note });
                  done();
                }}>
      <Select label={t('letter.signer')} value={signer} onChange={setSigner} required empty="" name="signer"
              options={sorted.map((p) => [String(p.id), personLabel(p, units)])} />
      <TextArea label={t('letter.note')} value={note} onInput={setNote} />
    </ActionForm>
  );
}

export function Letter({ id }) {
  useSignal(language);
  const user = useSignal(session).user;
  const units = useUnits();
  const people = usePeople();
  const [letter, setLetter] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null); // which action form is open
  const [watched, setWatched] = useState(false);
  const [signing, setSigning] = useState(null);
  const [signatures, setSignatures] = useState([]);
  const [files, setFiles] = useState([]);
  const [shown, setShown] = useState(null); // attachment open in the viewer
  const [message, setMessage] = useState(null);

  const loadSigning = () => {
    get('/signing-folder').then(setSigning).catch(() => {});
    get(`/letters/${id}/signatures`).then((s) => setSignatures(s.signatures || [])).catch(() => {});
  };
  const load = async () => {
    try {
      const l = await get(`/letters/${id}`);
      setLetter(l);
      setError(null);
      if (!shown && l.attachments?.length) setShown(l.attachments[0].id);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setLetter(null);
    setShown(null);
    load();
    get('/watchlist').then((w) => setWatched((w.letters || w.items || []).some((x) => (x.id ?? x.letter?.id) === id))).catch(() => {});
    loadSigning();
  }, [id]);

  if (error) return <ErrorBox error={error} />;
  if (!letter) return <Loading />;

  const done = (msg) => async () => {
    setOpen(null);
    setMessage(msg ? t(msg) : null);
    await load();
    loadSigning();
  };
  const registrar = isRegistrarOf(user, letter.unit_id);
  const myPending = (letter.deliveries || []).filter(
    (d) => d.status === 'pending' && user.unit_ids.includes(d.to_unit) && isRegistrarOf(user, d.to_unit),
  );
  const waitingMySignature = signing?.waiting?.some((w) => (w.letter_id ?? w.letter?.id) === letter.id);
  const canEditFiles = registrar || user.unit_ids.includes(letter.unit_id);
  const isExec = user.roles.includes('executive');
  const current = (letter.attachments || []).filter((a) => !a.deleted);
  const shownAttachment = current.find((a) => a.id === shown);

  const toggleWatch = async () => {
    if (watched) await del(`/letters/${id}/watch`);
    else await post(`/letters/${id}/watch`);
    setWatched(!watched);
  };

  return (
    <article class="letter">
      <header class="letter-head">
        <div class="row">
          {letter.register_label && <span class="regno" data-testid="letter-register-label">{letter.register_label}</span>}
          <Badge kind={letter.status}>{label('status', letter.status)}</Badge>
          <UrgencyBadge value={letter.urgency} />
          <SecrecyBadge value={letter.secrecy} />
        </div>
        <h1 data-testid="letter-subject">{letter.subject}</h1>
      </header>
      {message && <Notice>{message}</Notice>}
      <div class="toolbar row" role="toolbar" aria-label={t('letter.actions')}>
        {myPending.length > 0 && (
          <>
            <button type="button" class="primary" data-testid="accept" onClick={async () => {
              try {
                const copy = await post(`/letters/${id}/accept`, { unit_id: myPending[0].to_unit });
                setMessage(t('inbox.accepted', { no: copy.register_label || copy.register_no }));
                navigate(`/letters/${copy.id}`);
              } catch (e) {
                setError(e);
              }
            }}>{t('inbox.accept')}</button>
            <button type="button" onClick={() => setOpen('return')} data-testid="return">{t('inbox.return')}</button>
          </>
        )}
        {registrar && letter.status === 'registered' && (
          <button type="button" onClick={() => setOpen('send')} data-testid="send">{t('letter.send')}</button>
        )}
        {(registrar || isExec) && letter.status === 'registered' && (
          <button type="button" onClick={() => setOpen('forward')} data-testid="forward">{t('letter.forward')}</button>
        )}
        {letter.status === 'registered' && (
          <button type="button" onClick={() => setOpen('submit')} data-testid="submit-signature">{t('letter.submitSignature')}</button>
        )}
        {waitingMySignature && (
          <>
            <button type="button" class="primary" onClick={() => setOpen('sign')} data-testid="sign">{t('letter.sign')}</button>
            <button type="button" onClick={() => setOpen('changes')}>{t('letter.returnForChanges')}</button>
          </>
        )}
        {letter.status !== 'draft' && (
          <button type="button" onClick={() => setOpen('file')} data-testid="file-in-folder">{t('folder.fileIn')}</button>
        )}
        <button type="button" onClick={toggleWatch} aria-pressed={watched} data-testid="watch">
          {watched ? t('letter.unwatch') : t('letter.watch')}
        </button>
        {letter.status === 'registered' && (
          <button type="button" onClick={() => setOpen('close')}>{t('letter.close')}</button>
        )}
        {registrar && letter.status === 'registered' && (
          <button type="button" class="danger" onClick={() => setOpen('cancel')}>{t('letter.cancelRegistration')}</button>
        )}
        {registrar && letter.status === 'draft' && (
          <button type="button" class="primary" onClick={async () => { await post(`/letters/${id}/register`); load(); }}>
            {t('newLetter.register')}
          </button>
        )}
      </div>
      {open === 'send' && <SendForm letter={letter} units={units} done={done('letter.sentOk')} cancel={() => setOpen(null)} />}
      {open === 'forward' && <ForwardForm letter={letter} units={units} done={done('letter.forwardedOk')} cancel={() => setOpen(null)} />}
      {open === 'return' && (
        <NoteForm title={t('inbox.return')} testid="return-form" cancel={() => setOpen(null)} extra={{ unit_id: myPending[0]?.to_unit }}
                  submit={async (b) => { await post(`/letters/${id}/return`, b); navigate('/inbox'); }} />
      )}
      {open === 'close' && (
        <NoteForm title={t('letter.close')} required={false} cancel={() => setOpen(null)}
                  submit={async (b) => { await post(`/letters/${id}/close`, b); await done()(); }} />
      )}
      {open === 'cancel' && (
        <NoteForm title={t('letter.cancelRegistration')} field="reason" cancel={() => setOpen(null)}
                  submit={async (b) => { await post(`/letters/${id}/cancel`, b); await done()(); }} />
      )}
      {open === 'changes' && (
        <NoteForm title={t('letter.returnForChanges')} cancel={() => setOpen(null)}
                  submit={async (b) => { await post(`/letters/${id}/return-for-changes`, b); await done()(); }} />
      )}
      {open === 'sign' && <SignForm letter={letter} done={done('letter.signedOk')} cancel={() => setOpen(null)} />}
      {open === 'submit' && <SubmitSignatureForm letter={letter} units={units} done={done('letter.submittedOk')} cancel={() => setOpen(null)} />}
      {open === 'file' && <FileForm letter={letter} done={done('folder.filedOk')} cancel={() => setOpen(null)} />}

      <div class="letter-body">
        <section>
          <h2>{t('letter.details')}</h2>
          <Meta letter={letter} units={units} />
        </section>
        <section>
          <h2>{t('letter.attachments')}</h2>
          {current.length === 0 && <p class="muted">{t('letter.noAttachments')}</p>}
          {current.length > 0 && (
            <ul class="att-tabs" role="tablist">
              {current.map((a) => (
                <li key={a.id}>
                  <button type="button" role="tab" aria-selected={a.id === shown} class={a.id === shown ? 'on' : ''}
                          onClick={() => setShown(a.id)}>
                    {a.filename} <TextStatus attachment={a} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          {shownAttachment && <AttachmentViewer key={shownAttachment.id} attachment={shownAttachment} />}
          {canEditFiles && letter.status !== 'cancelled' && (
            <>
              <UploadList letterId={letter.id} files={files} onUploaded={() => load()} />
              <FilePicker onFiles={(fs) => setFiles([...files, ...keyed(fs)])} />
            </>
          )}
        </section>
      </div>
      <RouteView letterId={letter.id} version={(letter.timeline || []).length} />
      <Deliveries letter={letter} units={units} />
      <Assignments letter={letter} reload={load} />
      {signatures.length > 0 && (
        <section>
          <h2>{t('letter.signatures')}</h2>
          <ul data-testid="signatures">
            {signatures.map((s, i) => (
              <li key={i} data-status={s.status}>
                <Badge kind={s.status === 'valid' ? 'accepted' : 'most_urgent'}>{label('signature', s.status)}</Badge>{' '}
                {s.signer_name || s.signer_id} · {formatDate(s.signed_at, true)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Comments letter={letter} people={people} reload={load} />
      <section>
        <h2>{t('letter.timeline')}</h2>
        <Timeline events={letter.timeline || []} units={units} people={people} />
      </section>
    </article>
  );
}
