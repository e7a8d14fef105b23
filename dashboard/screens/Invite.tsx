// An invite link (`/invite#<token>`): whose it is, then a password (and the name) to start with;
// and the first-run link (`/setup#<token>`) that creates the organization's first admin. Both sign
// in and open the dashboard.
import { useEffect, useState } from 'react';
import type { RouteOutput } from '../../shared/dashboard-api.ts';
import { MIN_PASSWORD } from '../../shared/dashboard-api.ts';
import { ApiError, call } from '../api/client.ts';
import { AuthCard, useAttempt } from '../components/AuthCard.tsx';
import { Field } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';
import { useRoute } from '../stores/route.ts';

function useFinish() {
  const signedIn = useSession((s) => s.signedIn);
  return (session: RouteOutput<'login'>) => {
    signedIn(session);
    history.replaceState(null, '', '/#/');
    useRoute.setState({ route: { screen: 'team' } });
  };
}

/** A new password (typed twice where asked), with the rule under it. */
export function NewPassword({ value, onChange, again }: { value: string; onChange: (v: string) => void; again?: { value: string; onChange: (v: string) => void } }) {
  const i18n = useI18n();
  return (
    <>
      <Field label={i18n.t('password.new')}>
        <input type="password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value)} required />
      </Field>
      {again && (
        <Field label={i18n.t('password.again')}>
          <input type="password" autoComplete="new-password" value={again.value} onChange={(e) => again.onChange(e.target.value)} required />
        </Field>
      )}
      <p className="muted small">{i18n.t('password.rule', { n: MIN_PASSWORD })}</p>
    </>
  );
}

export function Invite({ token }: { token: string }) {
  const i18n = useI18n();
  const finish = useFinish();
  const [info, setInfo] = useState<RouteOutput<'inviteInfo'> | null>(null);
  const [lookupError, setLookupError] = useState<ApiError | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, setError, attempt } = useAttempt(i18n);

  useEffect(() => {
    call('inviteInfo', { body: { token } }).then(
      (i) => {
        setInfo(i);
        setName(i.name);
      },
      (e: unknown) => setLookupError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e))),
    );
  }, [token]);

  function submit() {
    if (password.length < MIN_PASSWORD) return setError(i18n.t('password.tooShort', { n: MIN_PASSWORD }));
    if (password !== again) return setError(i18n.t('password.mismatch'));
    void attempt(async () => finish(await call('acceptInvite', { body: { token, password, name: name.trim() || undefined } })));
  }

  const ready = !lookupError && info !== null;
  return (
    <AuthCard title={i18n.t('invite.title')} onSubmit={submit} error={error} submit={ready ? { label: i18n.t('invite.submit'), busy } : undefined}>
      {lookupError ? (
        <p className="error" role="alert">
          {i18n.t('invite.invalid')}
        </p>
      ) : !info ? (
        <p className="muted">{i18n.t('app.loading')}</p>
      ) : (
        <>
          <p>{i18n.t('invite.lead', { org: info.orgName ?? i18n.t('org.unnamed'), email: info.email, role: i18n.t(`role.${info.role}`) })}</p>
          <Field label={i18n.t('account.name')}>
            <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          </Field>
          <NewPassword value={password} onChange={setPassword} again={{ value: again, onChange: setAgain }} />
        </>
      )}
    </AuthCard>
  );
}

export function Setup({ token }: { token: string }) {
  const i18n = useI18n();
  const finish = useFinish();
  const [orgName, setOrgName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, attempt } = useAttempt(i18n);

  function submit() {
    if (password.length < MIN_PASSWORD) return setError(i18n.t('password.tooShort', { n: MIN_PASSWORD }));
    const name = orgName.trim();
    void attempt(async () => finish(await call('setup', { body: { token, email: email.trim(), password, ...(name ? { orgName: name } : {}) } })));
  }

  return (
    <AuthCard title={i18n.t('setup.title')} onSubmit={submit} error={error} submit={{ label: i18n.t('setup.submit'), busy }}>
      <p className="muted">{i18n.t('setup.lead')}</p>
      <Field label={i18n.t('setup.orgName')}>
        <input type="text" autoComplete="organization" maxLength={100} value={orgName} onChange={(e) => setOrgName(e.target.value)} />
      </Field>
      <Field label={i18n.t('signIn.email')}>
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </Field>
      <NewPassword value={password} onChange={setPassword} />
    </AuthCard>
  );
}
