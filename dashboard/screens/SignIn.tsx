// Sign-in: email and password. Shown over whatever page was asked for, so after signing in that
// page opens (a link to a manager's day survives an ended session). Team now, where a lead lands,
// is fetched ahead: its chunk while the form is filled in, its data as soon as the sign-in answers.
import { useState } from 'react';
import { ApiError, call } from '../api/client.ts';
import { failureText } from '../components/action.tsx';
import { AuthCard, useAttempt } from '../components/AuthCard.tsx';
import { Field } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';

export function SignIn() {
  const i18n = useI18n();
  const expired = useSession((s) => s.expired);
  const signedIn = useSession((s) => s.signedIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, attempt } = useAttempt(i18n, (err) => (err instanceof ApiError && err.status === 401 ? i18n.t('err.invalid_credentials') : failureText(i18n, err)));

  return (
    <AuthCard
      title={i18n.t('signIn.title')}
      error={error}
      submit={{ label: i18n.t('signIn.submit'), busy }}
      onSubmit={() =>
        void attempt(async () => {
          signedIn(await call('login', { body: { email: email.trim(), password } }));
        })
      }
    >
      <p className="muted">{i18n.t('signIn.lead')}</p>
      {expired && (
        <p className="notice" role="status">
          {i18n.t('signIn.expired')}
        </p>
      )}
      <Field label={i18n.t('signIn.email')}>
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label={i18n.t('signIn.password')}>
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
    </AuthCard>
  );
}
