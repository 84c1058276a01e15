// The first-boot setup wizard (docs/first-boot.md): language, then a new
// office (name and country, first admin, backup passphrase and target, the
// printable recovery key card) or a restore from a backup on a USB drive
// (drive, archive, passphrase or recovery key, progress), then the login.
// Every step posts nothing until the last one; the setup code from the box's
// console goes with each POST.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { language, t, formatDate } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Input, Select, ErrorBox, Loading } from '../components/ui.jsx';
import { leaveSetupWhenServed } from './SetupCheck.jsx';
import { LanguageSwitch } from '../app.jsx';
import './setup.css';

// formatDate takes an ISO date; the API gives milliseconds.
const localIso = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString();

// A local check before anything is sent: the server checks again.
function mismatch(a, b) {
  return a !== b ? { code: 'invalid_argument', message: t('setup.mismatch') } : null;
}

function Start({ code, setCode, onNew, onRestore }) {
  return (
    <div>
      <h2>{t('setup.welcome')}</h2>
      <p>{t('setup.intro')}</p>
      <LanguageSwitch />
      <Input label={t('setup.code')} hint={t('setup.codeHint')} value={code} onInput={setCode}
             required name="setup-code" autocomplete="off" inputmode="numeric" />
      <div class="setup-choice">
        <button type="button" class="primary" disabled={!code} onClick={onNew}>{t('setup.newOffice')}</button>
        <button type="button" disabled={!code} onClick={onRestore}>{t('setup.restore')}</button>
      </div>
    </div>
  );
}

function NewOffice({ code, countries, drives, onDone, onBack }) {
  const [step, setStep] = useState(1);
  const [f, setF] = useState({ office_name: '', country: language.get() === 'th' ? 'TH' : 'LA',
    admin_username: 'admin', admin_password: '', password2: '', backup_passphrase: '',
    passphrase2: '', backup_target: '' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (k) => (v) => setF({ ...f, [k]: v });
  const next = (e) => {
    e.preventDefault();
    setError(null);
    if (step === 2) {
      const m = mismatch(f.admin_password, f.password2);
      if (m) return setError(m);
    }
    return setStep(step + 1);
  };
  const submit = async (e) => {
    e.preventDefault();
    const m = mismatch(f.backup_passphrase, f.passphrase2);
    if (m) return setError(m);
    setBusy(true);
    setError(null);
    try {
      const { password2, passphrase2, ...body } = f;
      if (!body.backup_target) delete body.backup_target;
      onDone(await post('/setup', { code, ...body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
    return undefined;
  };
  const back = () => (step === 1 ? onBack() : setStep(step - 1));
  const targets = drives.map((d) => [`${d.path}/saraban`, `${d.name} (${d.path})`]);
  return (
    <form onSubmit={step === 3 ? submit : next}>
      <p class="muted">{t('setup.step', { n: step, of: 3 })}</p>
      {step === 1 && (
        <fieldset>
          <legend>{t('setup.officeTitle')}</legend>
          <Input label={t('setup.officeName')} value={f.office_name} onInput={set('office_name')} required
                 name="office_name" />
          <Select label={t('setup.country')} value={f.country} onChange={set('country')} required
                  options={countries.map((c) => [c.code, t(`setup.country${c.code}`)])} name="country" />
          <p class="muted">{t(`setup.countryNote${f.country}`)}</p>
        </fieldset>
      )}
      {step === 2 && (
        <fieldset>
          <legend>{t('setup.adminTitle')}</legend>
          <Input label={t('login.username')} value={f.admin_username} onInput={set('admin_username')} required
                 autocapitalize="none" name="admin_username" />
          <Input label={t('login.password')} type="password" value={f.admin_password}
                 onInput={set('admin_password')} required autocomplete="new-password" name="admin_password"
                 hint={t('account.passwordRule')} />
          <Input label={t('setup.repeat')} type="password" value={f.password2} onInput={set('password2')} required
                 autocomplete="new-password" name="password2" />
        </fieldset>
      )}
      {step === 3 && (
        <fieldset>
          <legend>{t('setup.backupTitle')}</legend>
          <p>{t('setup.passphraseNote')}</p>
          <Input label={t('setup.passphrase')} type="password" value={f.backup_passphrase}
                 onInput={set('backup_passphrase')} required minLength={12} name="backup_passphrase" />
          <Input label={t('setup.repeat')} type="password" value={f.passphrase2} onInput={set('passphrase2')}
                 required name="passphrase2" />
          {targets.length > 0 && (
            <Select label={t('setup.targetDrive')} value={f.backup_target} onChange={set('backup_target')}
                    options={targets} empty={t('setup.targetNone')} name="target_drive" />
          )}
          <Input label={t('setup.targetFolder')} value={f.backup_target} onInput={set('backup_target')}
                 hint={t('setup.targetHint')} name="backup_target" />
        </fieldset>
      )}
      <ErrorBox error={error} />
      <div class="setup-choice">
        <button type="button" onClick={back}>{t('setup.back')}</button>
        <button type="submit" class="primary" disabled={busy}>
          {step === 3 ? t('setup.create') : t('setup.next')}
        </button>
      </div>
    </form>
  );
}

function Card({ made }) {
  return (
    <div class="setup-card">
      <h2>{t('setup.cardTitle')}</h2>
      <dl>
        <dt>{t('setup.officeName')}</dt>
        <dd>{made.office_name}</dd>
        <dt>{t('setup.date')}</dt>
        <dd>{formatDate(localIso(made.created_at))}</dd>
      </dl>
      <p class="recovery-key" data-testid="recovery-card">{made.recovery_card}</p>
      <ol>
        <li>{t('setup.cardPrint')}</li>
        <li>{t('setup.cardKeep')}</li>
        <li>{t('setup.cardUse')}</li>
      </ol>
      <p class="setup-once">{t('setup.cardOnce')}</p>
      <div class="setup-choice no-print">
        <button type="button" onClick={() => window.print()}>{t('setup.print')}</button>
        <button type="button" class="primary" onClick={leaveSetupWhenServed}>{t('setup.toLogin')}</button>
      </div>
    </div>
  );
}

function Restore({ code, drives, onBack }) {
  const [drive, setDrive] = useState(drives[0]?.path || '');
  const [archive, setArchive] = useState('');
  const [secret, setSecret] = useState('');
  const [useCard, setUseCard] = useState(false);
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);
  const backups = drives.find((d) => d.path === drive)?.backups || [];
  const running = status?.state === 'running';
  // Poll until the restored office answers (the daemon leaves setup mode on
  // the same address; while it switches, requests may fail: keep asking).
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(async () => {
      try {
        const s = await get('/setup/restore');
        if (!s.setup_needed) leaveSetupWhenServed();
        else setStatus(s);
      } catch {
        /* switching over */
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [running]);
  const start = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      setStatus(await post('/setup/restore', { code, archive, [useCard ? 'recovery_key' : 'passphrase']: secret }));
    } catch (err) {
      setError(err);
    }
  };
  const failed = status?.state === 'failed' ? status.error : null;
  if (running) {
    const phase = status.phase === 'index';
    const [done, total] = phase ? [status.letters_done, status.letters_total]
      : [status.bytes_done, status.bytes_total];
    return (
      <div role="status">
        <h2>{t('setup.restoring')}</h2>
        <p>{phase ? t('setup.phaseIndex') : t('setup.phaseRestore')}</p>
        <progress max={total || 1} value={done} data-testid="restore-progress" />
      </div>
    );
  }
  return (
    <form onSubmit={start}>
      <h2>{t('setup.restoreTitle')}</h2>
      {drives.length === 0 && <p class="notice">{t('setup.noDrives')}</p>}
      <Select label={t('setup.drive')} value={drive} onChange={(v) => { setDrive(v); setArchive(''); }}
              options={drives.map((d) => [d.path, d.name])} required name="drive" />
      <Select label={t('setup.archive')} value={archive} onChange={setArchive} required empty={t('setup.pick')}
              options={backups.map((b) => [b.path, `${b.name} · ${formatDate(localIso(b.modified_at), true)}`])}
              name="archive" />
      <label class="setup-toggle">
        <input type="checkbox" checked={useCard} onChange={(e) => setUseCard(e.currentTarget.checked)} />
        {t('setup.useCard')}
      </label>
      <Input label={useCard ? t('setup.recoveryKey') : t('setup.passphrase')} type={useCard ? 'text' : 'password'}
             value={secret} onInput={setSecret} required name="secret" />
      <ErrorBox error={error || failed} />
      <div class="setup-choice">
        <button type="button" onClick={onBack}>{t('setup.back')}</button>
        <button type="submit" class="primary" disabled={!archive || !secret}>{t('setup.startRestore')}</button>
      </div>
    </form>
  );
}

export function Setup() {
  useSignal(language);
  const [info, setInfo] = useState(null);
  const [mode, setMode] = useState('start');
  const [code, setCode] = useState('');
  const [made, setMade] = useState(null);
  useEffect(() => {
    get('/setup').then(setInfo).catch(() => setInfo({ countries: [], drives: [] }));
  }, []);
  useEffect(() => {
    document.title = t('setup.title');
  });
  if (!info) return <Loading />;
  let body;
  if (made) body = <Card made={made} />;
  else if (mode === 'new') {
    body = <NewOffice code={code.trim()} countries={info.countries} drives={info.drives}
                      onDone={setMade} onBack={() => setMode('start')} />;
  } else if (mode === 'restore') {
    body = <Restore code={code.trim()} drives={info.drives} onBack={() => setMode('start')} />;
  } else {
    body = <Start code={code} setCode={setCode} onNew={() => setMode('new')} onRestore={() => setMode('restore')} />;
  }
  return (
    <div class="login setup">
      <div class="login-box setup-box">
        <h1>{t('setup.title')}</h1>
        {body}
      </div>
    </div>
  );
}
