// An invite link (`/invite#<token>`): whose it is, then a password (and the name) to start with;
// and the first-run link (`/setup#<token>`) that creates the organization's first admin. Both sign
// in and open the dashboard.
import { useEffect, useState, type FormEvent } from 'react';
import type { RouteOutput } from '../../shared/dashboard-api.ts';
import { ApiError, call } from '../api/client.ts';
import { LanguagePicker } from '../App.tsx';
import { errorText } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';
import { useRoute } from '../stores/route.ts';

const MIN_PASSWORD = 10;

function useFinish() {
  const signedIn = useSession((s) => s.signedIn);
  return (session: RouteOutput<'login'>) => {
    signedIn(session);
    history.replaceState(null, '', '/#/');
    useRoute.setState({ route: { screen: 'team' } });
  };
}

export function Invite({ token }: { token: string }) {
  const i18n = useI18n();
  const finish = useFinish();
  const [info, setInfo] = useState<RouteOutput<'inviteInfo'> | null>(null);
  const [lookupError, setLookupError] = useState<ApiError | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('inviteInfo', { body: { token } }).then(
      (i) => {
        setInfo(i);
        setName(i.name);
      },
      (e: unknown) => setLookupError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e))),
    );
  }, [token]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) return setError(i18n.t('password.tooShort', { n: MIN_PASSWORD }));
    if (password !== again) return setError(i18n.t('password.mismatch'));
    setBusy(true);
    setError(null);
    try {
      finish(await call('acceptInvite', { body: { token, password, name: name.trim() || undefined } }));
    } catch (err) {
      setError(err instanceof ApiError ? errorText(i18n, err) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="invite-title">
        <div className="auth-head">
          <h1 id="invite-title">{i18n.t('invite.title')}</h1>
          <LanguagePicker />
        </div>
        {lookupError ? (
          <p className="error" role="alert">
            {i18n.t('invite.invalid')}
          </p>
        ) : !info ? (
          <p className="muted">{i18n.t('app.loading')}</p>
        ) : (
          <>
            <p>{i18n.t('invite.lead', { org: info.orgName, email: info.email, role: i18n.t(`role.${info.role}`) })}</p>
            <label className="field">
              <span>{i18n.t('account.name')}</span>
              <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
            </label>
            <label className="field">
              <span>{i18n.t('password.new')}</span>
              <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
            <label className="field">
              <span>{i18n.t('password.again')}</span>
              <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} required />
            </label>
            <p className="muted small">{i18n.t('password.rule', { n: MIN_PASSWORD })}</p>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {i18n.t('invite.submit')}
            </button>
          </>
        )}
      </form>
    </main>
  );
}

export function Setup({ token }: { token: string }) {
  const i18n = useI18n();
  const finish = useFinish();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) return setError(i18n.t('password.tooShort', { n: MIN_PASSWORD }));
    setBusy(true);
    setError(null);
    try {
      finish(await call('setup', { body: { token, email: email.trim(), password } }));
    } catch (err) {
      setError(err instanceof ApiError ? errorText(i18n, err) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <div className="auth-head">
          <h1 id="setup-title">{i18n.t('setup.title')}</h1>
          <LanguagePicker />
        </div>
        <p className="muted">{i18n.t('setup.lead')}</p>
        <label className="field">
          <span>{i18n.t('signIn.email')}</span>
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label className="field">
          <span>{i18n.t('password.new')}</span>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <p className="muted small">{i18n.t('password.rule', { n: MIN_PASSWORD })}</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {i18n.t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
