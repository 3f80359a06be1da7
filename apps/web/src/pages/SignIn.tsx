import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_KEY } from '../i18n';
import { useSession } from '../session';
import { ErrorMessage, Field } from '../ui';

export function SignIn() {
  const { t, i18n } = useTranslation();
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="panel" onSubmit={(e) => void submit(e)}>
        <h1>
          {t('app.name')} <small>{t('app.tagline')}</small>
        </h1>
        <h2>{t('signIn.title')}</h2>
        <button
          type="button"
          className="link"
          onClick={() => {
            const next = i18n.language === 'vi' ? 'en' : 'vi';
            localStorage.setItem(LANGUAGE_KEY, next);
            void i18n.changeLanguage(next);
          }}
        >
          {t('app.language')}
        </button>
        <Field label={t('signIn.username')}>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </Field>
        <Field label={t('signIn.password')}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
