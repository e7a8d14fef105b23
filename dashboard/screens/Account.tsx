// The signed-in person's own account: display name and password.
import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../api/client.ts';
import { errorText } from '../components/bits.tsx';
import { useI18n } from '../i18n/use-i18n.ts';
import { useSession } from '../stores/session.ts';

export function Account() {
  const i18n = useI18n();
  const session = useSession((s) => s.session)!;
  const [name, setName] = useState(session.user.name);
  const [nameNote, setNameNote] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  async function saveName(e: FormEvent) {
    e.preventDefault();
    try {
      const { user } = await call('updateMe', { body: { name: name.trim() } });
      useSession.setState({ session: { ...session, user } });
      setNameNote(i18n.t('app.saved'));
    } catch (err) {
      setNameNote(err instanceof ApiError ? errorText(i18n, err) : String(err));
    }
  }

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    if (next.length < 10) return setNote({ ok: false, text: i18n.t('password.tooShort', { n: 10 }) });
    try {
      await call('changePassword', { body: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      setNote({ ok: true, text: i18n.t('password.changed') });
    } catch (err) {
      setNote({ ok: false, text: err instanceof ApiError ? errorText(i18n, err) : String(err) });
    }
  }

  return (
    <section className="narrow">
      <h1>{i18n.t('account.title')}</h1>
      <p className="muted">
        {session.user.email} · {i18n.t(`role.${session.user.role}`)}
      </p>
      <form className="card stack" onSubmit={(e) => void saveName(e)}>
        <h2>{i18n.t('account.name')}</h2>
        <label className="field">
          <span>{i18n.t('account.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="name" />
        </label>
        <button type="submit">{i18n.t('app.save')}</button>
        {nameNote && <p role="status">{nameNote}</p>}
      </form>
      <form className="card stack" onSubmit={(e) => void changePassword(e)}>
        <h2>{i18n.t('password.title')}</h2>
        <label className="field">
          <span>{i18n.t('password.current')}</span>
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label className="field">
          <span>{i18n.t('password.new')}</span>
          <input type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <p className="muted small">{i18n.t('password.rule', { n: 10 })}</p>
        <button type="submit">{i18n.t('password.submit')}</button>
        {note && (
          <p role={note.ok ? 'status' : 'alert'} className={note.ok ? '' : 'error'}>
            {note.text}
          </p>
        )}
      </form>
    </section>
  );
}
