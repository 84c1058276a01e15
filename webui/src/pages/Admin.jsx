// Administration: the organisation chart (a tree editor), users and roles,
// book types and number formats, office settings, backups and system health.
import { useEffect, useState } from 'preact/hooks';
import { get, post, patch, clearCache } from '../api.js';
import { t, label, formatDate, language, nameOf } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Loading, ErrorBox, Input, Select, EnumSelect, Checkbox, Notice, Badge } from '../components/ui.jsx';
import { ENUMS } from '../enums.js';

function useData(path) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const reload = () => get(path).then(setData).catch(setError);
  useEffect(() => { reload(); }, [path]);
  return [data, error, reload];
}

// The three names every unit and book has.
function NameFields({ f, set }) {
  return (
    <>
      <Input label={t('admin.nameLo')} value={f.name_lo} onInput={set('name_lo')} lang="lo" />
      <Input label={t('admin.nameTh')} value={f.name_th} onInput={set('name_th')} lang="th" />
      <Input label={t('admin.nameEn')} value={f.name_en} onInput={set('name_en')} lang="en" />
    </>
  );
}

// Runs a save, then drops the cached list it changed; errors go to setError.
async function saveThen(setError, cachePath, save, onSaved) {
  setError(null);
  try {
    await save();
    clearCache(cachePath);
    onSaved();
  } catch (err) {
    setError(err);
  }
}

function UnitForm({ unit, units, onSaved, onCancel }) {
  const [f, setF] = useState({
    code: unit?.code || '', name_lo: unit?.name_lo || '', name_th: unit?.name_th || '', name_en: unit?.name_en || '',
    parent_id: String(unit?.parent_id ?? unit?.new_parent ?? ''), keeps_books: unit?.keeps_books ?? true, active: unit?.active ?? true,
  });
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const save = async (e) => {
    e.preventDefault();
    const body = { ...f, parent_id: f.parent_id ? Number(f.parent_id) : undefined };
    if (unit?.id && unit.parent_id == null) delete body.parent_id;
    await saveThen(setError, '/units', () => (unit?.id ? patch(`/units/${unit.id}`, body) : post('/units', body)), onSaved);
  };
  return (
    <form onSubmit={save} class="grid-form action-form">
      <Input label={t('admin.code')} value={f.code} onInput={set('code')} required />
      <NameFields f={f} set={set} />
      {unit?.parent_id !== null && (
        <Select label={t('admin.parent')} value={f.parent_id} onChange={set('parent_id')} required
                options={units.filter((u) => u.id !== unit?.id).map((u) => [String(u.id), `${u.code} — ${nameOf(u)}`])} />
      )}
      <Checkbox label={t('admin.keepsBooks')} checked={f.keeps_books} onChange={set('keeps_books')} />
      <Checkbox label={t('admin.active')} checked={f.active} onChange={set('active')} />
      <ErrorBox error={error} />
      <div class="row wide">
        <button type="submit" class="primary">{t('common.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function Tree({ units, parent, editing, setEditing, reload }) {
  const children = units.filter((u) => (u.parent_id ?? null) === parent);
  if (!children.length) return null;
  return (
    <ul class="tree" role={parent === null ? 'tree' : 'group'}>
      {children.map((u) => (
        <li key={u.id} role="treeitem" aria-expanded="true">
          <span class={u.active ? '' : 'muted'}>
            <strong>{u.code}</strong> {nameOf(u)} {!u.keeps_books && <Badge kind="info">{t('admin.noBooks')}</Badge>}
            {!u.active && <Badge kind="cancelled">{t('admin.inactive')}</Badge>}
          </span>{' '}
          <button type="button" class="link" onClick={() => setEditing(u)}>{t('common.edit')}</button>{' '}
          <button type="button" class="link" onClick={() => setEditing({ new_parent: u.id })}>+ {t('admin.addSubunit')}</button>
          {editing && (editing.id === u.id || editing.new_parent === u.id) && (
            <UnitForm unit={editing} units={units} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />
          )}
          <Tree units={units} parent={u.id} editing={editing} setEditing={setEditing} reload={reload} />
        </li>
      ))}
    </ul>
  );
}

export function Units() {
  useSignal(language);
  const [data, error, reload] = useData('/units');
  const [editing, setEditing] = useState(null);
  return (
    <section>
      <h1>{t('nav.units')}</h1>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && <Tree units={data.units} parent={null} editing={editing} setEditing={setEditing} reload={reload} />}
    </section>
  );
}

function UserForm({ user, units, onSaved, onCancel }) {
  const [f, setF] = useState({
    username: user?.username || '', display_name: user?.display_name || '', roles: user?.roles || ['staff'],
    unit_ids: user?.unit_ids || [], clearance: user?.clearance || 'normal', language: user?.language || 'lo', active: user?.active ?? true,
    email: user?.email || '',
  });
  const [error, setError] = useState(null);
  const [password, setPassword] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const toggle = (k, v, on) => setF({ ...f, [k]: on ? [...f[k], v] : f[k].filter((x) => x !== v) });
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      if (user?.id) {
        const { username, ...rest } = f;
        await patch(`/users/${user.id}`, rest);
        clearCache('/people');
        onSaved();
      } else {
        const { active, email, ...rest } = f;
        const created = await post('/users', email ? { ...rest, email } : rest);
        clearCache('/people');
        setPassword(created.password);
      }
    } catch (err) {
      setError(err);
    }
  };
  const reset = async () => {
    setError(null);
    try {
      const r = await post(`/users/${user.id}/password`, {});
      setPassword(r.password);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={save} class="grid-form action-form">
      <Input label={t('login.username')} value={f.username} onInput={set('username')} required disabled={!!user?.id} name="new_username" />
      <Input label={t('account.name')} value={f.display_name} onInput={set('display_name')} name="display_name" />
      <Input label={t('admin.email')} type="email" value={f.email} onInput={set('email')} name="email" hint={t('admin.emailHint')} />
      <fieldset>
        <legend>{t('account.roles')}</legend>
        {ENUMS.role.map((r) => <Checkbox key={r} label={label('role', r)} checked={f.roles.includes(r)} onChange={(on) => toggle('roles', r, on)} />)}
      </fieldset>
      <fieldset>
        <legend>{t('admin.units')}</legend>
        {units.map((u) => <Checkbox key={u.id} label={`${u.code} — ${nameOf(u)}`} checked={f.unit_ids.includes(u.id)} onChange={(on) => toggle('unit_ids', u.id, on)} />)}
      </fieldset>
      <EnumSelect name="secrecy" label={t('admin.clearance')} value={f.clearance} onChange={set('clearance')} />
      <EnumSelect name="lang" label={t('common.language')} value={f.language} onChange={set('language')} />
      {user?.id && <Checkbox label={t('admin.active')} checked={f.active} onChange={set('active')} />}
      <ErrorBox error={error} />
      {password && <Notice>{t('admin.newPassword')}: <code data-testid="new-password">{password}</code></Notice>}
      <div class="row wide">
        {!password && <button type="submit" class="primary">{t('common.save')}</button>}
        {user?.id && <button type="button" onClick={reset}>{t('admin.resetPassword')}</button>}
        <button type="button" onClick={password ? onSaved : onCancel}>{password ? t('common.close') : t('common.cancel')}</button>
      </div>
    </form>
  );
}

export function Users() {
  useSignal(language);
  const [data, error, reload] = useData('/users');
  const [units] = useData('/units');
  const [editing, setEditing] = useState(null);
  if (!data || !units) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <section>
      <h1>{t('nav.users')}</h1>
      <button type="button" class="primary" onClick={() => setEditing({})}>+ {t('admin.addUser')}</button>
      {editing && !editing.id && <UserForm units={units.units} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />}
      <table class="list">
        <thead><tr><th>{t('login.username')}</th><th>{t('account.name')}</th><th>{t('admin.email')}</th><th>{t('account.roles')}</th><th>{t('admin.units')}</th><th>{t('common.status')}</th><th /></tr></thead>
        <tbody>
          {data.users.map((u) => (
            <>
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.display_name}</td>
                <td>{u.email}</td>
                <td>{u.roles.map((r) => label('role', r)).join(', ')}</td>
                <td>{u.unit_ids.map((id) => units.units.find((x) => x.id === id)?.code || id).join(', ')}</td>
                <td>{u.active ? t('admin.active') : t('admin.inactive')}{u.locked_until && <> · {t('admin.locked')}</>}</td>
                <td><button type="button" class="link" onClick={() => setEditing(u)}>{t('common.edit')}</button></td>
              </tr>
              {editing?.id === u.id && (
                <tr key={`e${u.id}`}><td colSpan={7}><UserForm user={u} units={units.units} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} /></td></tr>
              )}
            </>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BookForm({ book, onSaved, onCancel }) {
  const [f, setF] = useState({ code: book?.code || '', name_lo: book?.name_lo || '', name_th: book?.name_th || '', name_en: book?.name_en || '', numbered: book?.numbered ?? true, number_format: book?.number_format || '{no}/{year}' });
  const [error, setError] = useState(null);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const save = async (e) => {
    e.preventDefault();
    const { code, ...rest } = f;
    await saveThen(setError, '/books', () => (book?.code ? patch(`/books/${book.code}`, rest) : post('/books', f)), onSaved);
  };
  return (
    <form onSubmit={save} class="grid-form action-form">
      <Input label={t('admin.code')} value={f.code} onInput={set('code')} required disabled={!!book?.code} pattern="[a-z][a-z0-9_]{1,31}" />
      <NameFields f={f} set={set} />
      <Input label={t('admin.numberFormat')} value={f.number_format} onInput={set('number_format')} required hint={t('admin.numberFormatHint')} />
      <Checkbox label={t('admin.numbered')} checked={f.numbered} onChange={set('numbered')} />
      <ErrorBox error={error} />
      <div class="row wide">
        <button type="submit" class="primary">{t('common.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

export function Books() {
  useSignal(language);
  const [data, error, reload] = useData('/books');
  const [editing, setEditing] = useState(null);
  if (!data) return error ? <ErrorBox error={error} /> : <Loading />;
  return (
    <section>
      <h1>{t('nav.books')}</h1>
      <button type="button" class="primary" onClick={() => setEditing({})}>+ {t('admin.addBook')}</button>
      {editing && !editing.code && <BookForm onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />}
      <table class="list">
        <thead><tr><th>{t('admin.code')}</th><th>{t('admin.name')}</th><th>{t('admin.numberFormat')}</th><th /></tr></thead>
        <tbody>
          {data.books.map((b) => (
            <>
              <tr key={b.code}>
                <td><code>{b.code}</code></td><td>{nameOf(b)}</td><td><code>{b.number_format}</code>{!b.numbered && <> ({t('admin.notNumbered')})</>}</td>
                <td><button type="button" class="link" onClick={() => setEditing(b)}>{t('common.edit')}</button></td>
              </tr>
              {editing?.code === b.code && <tr key={`e${b.code}`}><td colSpan={4}><BookForm book={b} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} /></td></tr>}
            </>
          ))}
        </tbody>
      </table>
    </section>
  );
}

// The OCR language order ("lao+tha+eng"): the first language matters most
// (a Lao page read Thai-first has three times the errors), so the admin
// orders the list with buttons rather than typing codes.
function OcrOrder({ value, onChange }) {
  const list = String(value || '').split('+').filter(Boolean);
  const move = (i, by) => {
    const next = [...list];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next.join('+'));
  };
  const name = (code) => label('ocrLang', code);
  return (
    <fieldset class="ocr-order" data-testid="ocr-order">
      <legend>{t('settings.ocrLanguages')}</legend>
      <ol>
        {list.map((code, i) => (
          <li key={code} data-code={code}>
            <span>{name(code)}</span>{' '}
            <button type="button" disabled={i === 0} onClick={() => move(i, -1)}
                    aria-label={t('settings.moveUp', { lang: name(code) })}>↑</button>
            <button type="button" disabled={i === list.length - 1} onClick={() => move(i, 1)}
                    aria-label={t('settings.moveDown', { lang: name(code) })}>↓</button>
          </li>
        ))}
      </ol>
      <small class="hint">{t('settings.ocrHint')}</small>
    </fieldset>
  );
}

export function Settings() {
  useSignal(language);
  const [data, error, reload] = useData('/settings');
  const [f, setF] = useState(null);
  const [saveError, setSaveError] = useState(null);
  const [ok, setOk] = useState(false);
  useEffect(() => { if (data) setF({ ...data.settings }); }, [data]);
  if (!f) return error ? <ErrorBox error={error} /> : <Loading />;
  const set = (k) => (v) => { setOk(false); setF({ ...f, [k]: v }); };
  const save = async (e) => {
    e.preventDefault();
    setSaveError(null);
    const body = {};
    for (const [k, v] of Object.entries(f)) if (v !== data.settings[k]) body[k] = typeof data.settings[k] === 'number' ? Number(v) : v;
    try {
      await patch('/settings', body);
      clearCache('/settings');
      setOk(true);
      reload();
    } catch (err) {
      setSaveError(err);
    }
  };
  return (
    <section>
      <h1>{t('nav.settings')}</h1>
      <form onSubmit={save} class="grid-form">
        <Input label={t('settings.officeName')} value={f.office_name} onInput={set('office_name')} wide />
        <EnumSelect name="country" label={t('settings.country')} value={f.country} onChange={set('country')} />
        <EnumSelect name="yearBasis" label={t('settings.yearBasis')} value={f.year_basis} onChange={set('year_basis')} />
        <EnumSelect name="era" label={t('settings.era')} value={f.era} onChange={set('era')} />
        <OcrOrder value={f.ocr_languages} onChange={set('ocr_languages')} />
        <Input label={t('settings.utcOffset')} type="number" value={f.utc_offset_minutes} onInput={set('utc_offset_minutes')} />
        <Input label={t('settings.sessionIdle')} type="number" value={f.session_idle_minutes} onInput={set('session_idle_minutes')} />
        <Input label={t('settings.sessionHours')} type="number" value={f.session_absolute_hours} onInput={set('session_absolute_hours')} />
        <Input label={t('settings.lockoutThreshold')} type="number" value={f.lockout_threshold} onInput={set('lockout_threshold')} />
        <Input label={t('settings.lockoutMinutes')} type="number" value={f.lockout_minutes} onInput={set('lockout_minutes')} />
        <Input label={t('settings.loginsPerAddress')} type="number" value={f.failed_logins_per_address} onInput={set('failed_logins_per_address')} />
        {'backup_target' in f && <Input label={t('settings.backupTarget')} value={f.backup_target} onInput={set('backup_target')} name="backup_target" />}
        {'backup_time' in f && <Input label={t('settings.backupTime')} value={f.backup_time} onInput={set('backup_time')} name="backup_time" />}
        {'backup_keep' in f && <Input label={t('settings.backupKeep')} type="number" value={f.backup_keep} onInput={set('backup_keep')} name="backup_keep" />}
        {'smtp_url' in f && (
          <>
            <h2 class="wide">{t('mail.title')}</h2>
            <Input label={t('mail.smtpUrl')} value={f.smtp_url} onInput={set('smtp_url')} hint={t('mail.smtpUrlHint')} name="smtp_url" />
            <Input label={t('mail.from')} type="email" value={f.smtp_from} onInput={set('smtp_from')} name="smtp_from" />
            <Input label={t('mail.username')} value={f.smtp_username} onInput={set('smtp_username')} name="smtp_username" autocomplete="off" />
            <Input label={t('mail.password')} type="password" value={f.smtp_password} onInput={set('smtp_password')}
                   name="smtp_password" autocomplete="new-password" hint={t('mail.passwordHint')} />
            <Input label={t('mail.publicUrl')} type="url" value={f.public_url} onInput={set('public_url')} hint={t('mail.publicUrlHint')} name="public_url" />
            <Input label={t('mail.dueSoonDays')} type="number" min="0" value={f.due_soon_days} onInput={set('due_soon_days')} name="due_soon_days" />
          </>
        )}
        <ErrorBox error={saveError} />
        {ok && <Notice>{t('common.saved')}</Notice>}
        <div class="actions wide"><button type="submit" class="primary" data-testid="save-settings">{t('common.save')}</button></div>
      </form>
      {'smtp_url' in f && <MailPanel version={data} />}
    </section>
  );
}

// The mailer's state and a test message, under the email settings.
function MailPanel({ version }) {
  const [status, setStatus] = useState(null);
  const [to, setTo] = useState('');
  const [error, setError] = useState(null);
  const [sent, setSent] = useState(false);
  const load = () => get('/mail').then(setStatus).catch(() => setStatus(null));
  useEffect(() => { load(); }, [version]);
  const test = async (e) => {
    e.preventDefault();
    setError(null);
    setSent(false);
    try {
      await post('/mail/test', { to });
      setSent(true);
    } catch (err) {
      setError(err);
    }
    load();
  };
  return (
    <section data-testid="mail-panel">
      <h2>{t('mail.status')}</h2>
      {status && (
        <dl class="meta" data-testid="mail-status">
          <div><dt>{t('mail.relay')}</dt><dd>{status.enabled ? t('mail.enabled') : t('mail.disabled')}</dd></div>
          <div><dt>{t('mail.sent')}</dt><dd>{status.sent}</dd></div>
          <div><dt>{t('mail.waiting')}</dt><dd>{status.waiting}</dd></div>
          {status.last_sent_at && <div><dt>{t('mail.lastSent')}</dt><dd>{formatDate(status.last_sent_at, true)}</dd></div>}
          {status.last_error && <div><dt>{t('mail.lastError')}</dt><dd class="error-text">{formatDate(status.last_error_at, true)} · {status.last_error}</dd></div>}
        </dl>
      )}
      <form class="row" onSubmit={test}>
        <Input label={t('mail.testTo')} type="email" value={to} onInput={setTo} required name="test_to" />
        <button type="submit">{t('mail.sendTest')}</button>
      </form>
      <ErrorBox error={error} />
      {sent && <Notice>{t('mail.testSent', { to })}</Notice>}
    </section>
  );
}

function bytes(n) {
  if (n == null) return '';
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i ? 1 : 0)} ${u[i]}`;
}

// USB drives plugged into the box: which one takes the daily backup, the
// backups on each, and "safely remove" (docs/operations.md).
function Drives({ onChanged }) {
  const [data, error, reload] = useData('/drives');
  const [message, setMessage] = useState(null);
  const [actionError, setActionError] = useState(null);
  if (!data) return error ? <ErrorBox error={error} /> : <Loading />;
  const act = async (action, done) => {
    setActionError(null);
    setMessage(null);
    try {
      await action();
      clearCache('/settings');
      setMessage(done);
      reload();
      onChanged();
    } catch (err) {
      setActionError(err);
    }
  };
  return (
    <div data-testid="drives">
      <h2>{t('drives.title')}</h2>
      {data.drives.length === 0 && <p class="muted">{t('drives.none')}</p>}
      <table class="list">
        <tbody>
          {data.drives.map((d) => (
            <tr key={d.name}>
              <td>{d.name} {d.backup_target && <Badge kind="ok">{t('drives.target')}</Badge>}</td>
              <td>{t('drives.free', { free: bytes(d.free_bytes), total: bytes(d.total_bytes) })}</td>
              <td>{t('drives.backups', { n: d.backups.length })}</td>
              <td>
                {!d.backup_target && (
                  <button type="button" onClick={() => act(() => patch('/settings', { backup_target: d.path }), t('drives.targetSet', { name: d.name }))}>
                    {t('drives.useForBackups')}
                  </button>
                )}
                <button type="button" onClick={() => act(() => post(`/drives/${encodeURIComponent(d.name)}/eject`, {}), t('drives.ejected', { name: d.name }))}>
                  {t('drives.eject')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && <Notice>{message}</Notice>}
      <ErrorBox error={actionError} />
    </div>
  );
}

export function Backups() {
  useSignal(language);
  const [data, error, reload] = useData('/backups');
  const [startError, setStartError] = useState(null);
  useEffect(() => {
    if (!data?.running) return undefined;
    const id = setTimeout(reload, 1000);
    return () => clearTimeout(id);
  }, [data]);
  if (!data) return error ? <ErrorBox error={error} /> : <Loading />;
  const start = async () => {
    setStartError(null);
    try {
      await post('/backups', {});
      reload();
    } catch (err) {
      setStartError(err);
    }
  };
  const p = data.progress;
  return (
    <section>
      <h1>{t('nav.backups')}</h1>
      {!data.keys_set_up && <div class="notice warn">{t('backup.notSetUp')}</div>}
      <dl class="meta">
        <div><dt>{t('settings.backupTarget')}</dt><dd>{data.target || '—'}</dd></div>
        <div><dt>{t('settings.backupTime')}</dt><dd>{data.time}</dd></div>
        <div><dt>{t('settings.backupKeep')}</dt><dd>{data.keep}</dd></div>
        {data.last_success && <div><dt>{t('backup.lastSuccess')}</dt><dd>{formatDate(data.last_success.at, true)} · {bytes(data.last_success.bytes)}</dd></div>}
        {data.last_failure && <div><dt>{t('backup.lastFailure')}</dt><dd class="error-text">{formatDate(data.last_failure.at, true)} · {data.last_failure.reason}</dd></div>}
      </dl>
      <button type="button" class="primary" onClick={start} disabled={data.running}>{t('backup.now')}</button>
      <ErrorBox error={startError} />
      {data.running && p && (
        <div>
          <progress max={p.bytes_total || 1} value={p.bytes_done || 0} aria-label={t('backup.progress')} />
          <span> {bytes(p.bytes_done)} / {bytes(p.bytes_total)} · {p.files_done}/{p.files_total}</span>
        </div>
      )}
      {/* Remounted when a backup finishes, so each drive's count is current. */}
      <Drives key={(data.history || []).length} onChanged={reload} />
      <h2>{t('backup.history')}</h2>
      {(data.history || []).length === 0 && <p class="muted">{t('common.none')}</p>}
      <table class="list">
        <tbody>
          {(data.history || []).map((h, i) => (
            <tr key={i}>
              <td>{formatDate(h.at, true)}</td>
              <td>{h.ok === false || h.reason ? <span class="error-text">{t('backup.failed')}</span> : t('backup.ok')}</td>
              <td>{h.archive || h.reason}</td>
              <td>{bytes(h.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function duration(seconds) {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return t('health.uptimeValue', { d, h, m });
}

export function Health() {
  useSignal(language);
  const [data, error, reload] = useData('/system');
  const [health] = useData('/health');
  useEffect(() => {
    const id = setInterval(reload, 10000);
    return () => clearInterval(id);
  }, []);
  const low = data?.disk && data.disk.available_bytes < Math.min(data.disk.total_bytes * 0.1, 5 * 1024 ** 3);
  const b = data?.backup;
  return (
    <section>
      <h1>{t('nav.health')}</h1>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      <dl class="meta" data-testid="health">
        {health && <div><dt>{t('common.status')}</dt><dd>{health.status === 'ok' ? t('health.ok') : health.status}</dd></div>}
        {data && (
          <>
            <div><dt>{t('health.version')}</dt><dd data-testid="health-version">{data.version} ({t('health.schema', { n: data.schema_version })})</dd></div>
            <div><dt>{t('health.uptime')}</dt><dd>{duration(data.uptime_seconds)} · {formatDate(data.started_at, true)}</dd></div>
            {data.disk && (
              <div><dt>{t('health.disk')}</dt>
                <dd class={low ? 'error-text' : ''}>
                  {t('health.diskFree', { free: bytes(data.disk.available_bytes), total: bytes(data.disk.total_bytes) })}
                  <progress max={data.disk.total_bytes} value={data.disk.total_bytes - data.disk.available_bytes} aria-label={t('health.diskUsed')} />
                </dd>
              </div>
            )}
            {data.store_bytes != null && <div><dt>{t('health.store')}</dt><dd>{bytes(data.store_bytes)}</dd></div>}
            <div><dt>{t('health.ocrQueue')}</dt><dd data-testid="health-ocr">{t('health.files', { n: `${data.ocr.queued}${data.ocr.capped ? '+' : ''}` })}{data.ocr.running > 0 && <> · {t('health.reading', { n: data.ocr.running })}</>}{!data.ocr.workers && <> · <span class="error-text">{t('health.noWorkers')}</span></>}</dd></div>
            <div><dt>{t('health.index')}</dt><dd>{t('health.indexLag', { n: data.index.behind })}</dd></div>
            {b && (
              <div><dt>{t('nav.backups')}</dt>
                <dd>
                  {!b.keys_set_up && <span class="error-text">{t('backup.notSetUp')}</span>}
                  {b.keys_set_up && b.last_success && <>{t('backup.lastSuccess')}: {formatDate(b.last_success.at, true)}</>}
                  {b.keys_set_up && !b.last_success && t('health.noBackupYet')}
                  {b.last_failure && (!b.last_success || b.last_failure.at > b.last_success.at) && (
                    <span class="error-text"> · {t('backup.lastFailure')}: {formatDate(b.last_failure.at, true)}</span>
                  )}
                  {' '}<a href="/admin/backups">{t('health.details')}</a>
                </dd>
              </div>
            )}
            {data.mail && (
              <div><dt>{t('mail.title')}</dt>
                <dd>
                  {data.mail.enabled ? t('mail.enabled') : t('mail.disabled')}
                  {data.mail.enabled && <> · {t('mail.sent')}: {data.mail.sent}</>}
                  {data.mail.last_error && <span class="error-text"> · {data.mail.last_error}</span>}
                </dd>
              </div>
            )}
          </>
        )}
      </dl>
    </section>
  );
}
