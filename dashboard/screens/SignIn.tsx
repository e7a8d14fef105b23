// Sign-in: email and password. Shown over whatever page was asked for, so after signing in that
// page opens (a link to a manager's day survives an ended session).
import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../api/client.ts';
import { LanguagePicker } from '../App.tsx';
import { errorText } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';

export function SignIn() {
  const i18n = useI18n();
  const expired = useSession((s) => s.expired);
  const signedIn = useSession((s) => s.signedIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      signedIn(await call('login', { body: { email: email.trim(), password } }));
    } catch (err) {
      setError(err instanceof ApiError ? (err.status === 401 ? i18n.t('err.invalid_credentials') : errorText(i18n, err)) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="auth-head">
          <h1 id="signin-title">{i18n.t('signIn.title')}</h1>
          <LanguagePicker />
        </div>
        <p className="muted">{i18n.t('signIn.lead')}</p>
        {expired && (
          <p className="notice" role="status">
            {i18n.t('signIn.expired')}
          </p>
        )}
        <label className="field">
          <span>{i18n.t('signIn.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>{i18n.t('signIn.password')}</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {i18n.t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
