// The signed-in person's own account: display name and password.
import { useState } from 'react';
import { MIN_PASSWORD } from '../../shared/dashboard-api.ts';
import { call } from '../api/client.ts';
import { useAction } from '../components/action.tsx';
import { Field } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';
import { NewPassword } from './Invite.tsx';

export function Account() {
  const i18n = useI18n();
  const session = useSession((s) => s.session)!;
  const [name, setName] = useState(session.user.name);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const named = useAction(i18n);
  const password = useAction(i18n);

  function changePassword() {
    if (next.length < MIN_PASSWORD) return password.setNote({ ok: false, text: i18n.t('password.tooShort', { n: MIN_PASSWORD }) });
    void password.run(async () => {
      await call('changePassword', { body: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
    }, i18n.t('password.changed'));
  }

  return (
    <section className="narrow">
      <h1>{i18n.t('account.title')}</h1>
      <p className="muted">
        {session.user.email} · {i18n.t(`role.${session.user.role}`)}
      </p>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          void named.run(async () => {
            const { user } = await call('updateMe', { body: { name: name.trim() } });
            useSession.setState({ session: { ...session, user } });
          }, i18n.t('app.saved'));
        }}
      >
        <Field label={i18n.t('account.name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="name" />
        </Field>
        <button type="submit">{i18n.t('app.save')}</button>
        {named.view}
      </form>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          changePassword();
        }}
      >
        <h2>{i18n.t('password.title')}</h2>
        <Field label={i18n.t('password.current')}>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </Field>
        <NewPassword value={next} onChange={setNext} />
        <button type="submit">{i18n.t('password.submit')}</button>
        {password.view}
      </form>
    </section>
  );
}
