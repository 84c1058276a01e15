// Login, with the language choice offered before anything else.
import { useState } from 'preact/hooks';
import { post, patch, session, clearCache } from '../api.js';
import { language, t } from '../i18n.js';
import { useSignal } from '../signal.js';
import { Input, ErrorBox } from '../components/ui.jsx';
import { LanguageSwitch, languagePicked } from '../app.jsx';

export function Login() {
  useSignal(language);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let s = await post('/session', { username, password });
      clearCache();
      // A language chosen on this page becomes the user's own.
      if (languagePicked.get() && s.user.language !== language.get()) {
        session.set(s);
        s = await patch('/session', { language: language.get() });
      }
      session.set(s);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="login">
      <div class="login-box">
        <h1>{t('app.name')}</h1>
        <p class="muted">{t('login.tagline')}</p>
        <LanguageSwitch />
        <form onSubmit={submit}>
          <Input label={t('login.username')} value={username} onInput={setUsername} required
                 autocomplete="username" autocapitalize="none" name="username" />
          <Input label={t('login.password')} type="password" value={password} onInput={setPassword}
                 required autocomplete="current-password" name="password" />
          <ErrorBox error={error} />
          <button type="submit" class="primary" disabled={busy}>{t('login.submit')}</button>
        </form>
      </div>
    </div>
  );
}
