// Enrollment codes: who each is for, its last characters, uses, expiry; expire one early.
import { call } from '../../api/client.ts';
import { useCall } from '../../api/use-call.ts';
import { useAction } from '../../components/action.tsx';
import { browserZone } from '../../components/bits.tsx';
import { useI18n } from '../../i18n/use-i18n.ts';
import { ListTable } from './ListTable.tsx';

export function Codes() {
  const i18n = useI18n();
  const state = useCall('enrollmentCodes', { query: { includeInactive: 'true' } });
  const { run, view } = useAction(i18n);
  return (
    <>
      <p className="muted">{i18n.t('admin.codesNote')}</p>
      {view}
      <ListTable
        state={state}
        items={(d) => d.codes}
        empty={i18n.t('admin.noCodes')}
        testId="codes"
        columns={[{ label: i18n.t('admin.person') }, { label: i18n.t('admin.code') }, { label: i18n.t('admin.uses') }, { label: i18n.t('admin.expires') }, { label: i18n.t('admin.actions') }]}
        row={(c) => (
          <tr key={c.id} className={c.state === 'active' ? '' : 'off-day'}>
            <th scope="row">{c.user.name}</th>
            <td>
              <code>…{c.hint}</code> <span className="pill">{i18n.t(`codeState.${c.state}`)}</span>
            </td>
            <td>{i18n.t('admin.usesOf', { used: c.uses, left: c.usesLeft })}</td>
            <td>{i18n.dateTime(c.expiresAt, browserZone())}</td>
            <td>
              {c.state === 'active' && (
                <button type="button" aria-label={i18n.t('admin.expireFor', { name: c.user.name, hint: c.hint })} onClick={() => void run(() => call('expireEnrollmentCode', { params: { codeId: c.id } }), i18n.t('app.saved')).then(state.reload)}>
                  {i18n.t('admin.expire')}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
