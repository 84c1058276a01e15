// The user's own account: language and password change.
import { useState } from 'preact/hooks';
import { post, session } from '../api.js';
import { t, label, language } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Input, ErrorBox, Notice } from '../components/ui.jsx';
import { LanguageSwitch } from '../app.jsx';

export function Account() {
  useSignal(language);
  const user = useSignal(session).user;
  const [old, setOld] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [error, setError] = useState(null);
  const [ok, setOk] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setOk(false);
    setError(null);
    if (pw !== pw2) {
      setError({ code: 'mismatch' });
      return;
    }
    try {
      await post('/session/password', { old_password: old, new_password: pw });
      setOk(true);
      setOld('');
      setPw('');
      setPw2('');
    } catch (err) {
      setError(err.status === 401 ? { code: 'wrong_password' } : err);
    }
  };
  return (
    <section>
      <h1>{t('account.title')}</h1>
      <dl class="meta">
        <div><dt>{t('login.username')}</dt><dd>{user.username}</dd></div>
        <div><dt>{t('account.name')}</dt><dd>{user.display_name}</dd></div>
        <div><dt>{t('account.roles')}</dt><dd>{user.roles.map((r) => label('role', r)).join(', ')}</dd></div>
        <div><dt>{t('letter.secrecy')}</dt><dd>{label('secrecy', user.clearance)}</dd></div>
      </dl>
      <h2>{t('common.language')}</h2>
      <LanguageSwitch />
      <h2>{t('account.changePassword')}</h2>
      <form onSubmit={submit} class="narrow">
        <Input label={t('account.oldPassword')} type="password" value={old} onInput={setOld} required autocomplete="current-password" />
        <Input label={t('account.newPassword')} type="password" value={pw} onInput={setPw} required minLength={8} autocomplete="new-password" hint={t('account.passwordRule')} />
        <Input label={t('account.repeatPassword')} type="password" value={pw2} onInput={setPw2} required autocomplete="new-password" />
        <ErrorBox error={error} />
        {ok && <Notice>{t('account.passwordChanged')}</Notice>}
        <button type="submit" class="primary">{t('account.changePassword')}</button>
      </form>
    </section>
  );
}
