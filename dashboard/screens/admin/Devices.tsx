// Devices: whose, last seen, agent version, how far its clock is off; disconnect one.
import { call } from '../../api/client.ts';
import { useCall } from '../../api/use-call.ts';
import { useAction } from '../../components/action.tsx';
import { browserZone } from '../../components/bits.tsx';
import { useI18n } from '../../i18n/use-i18n.ts';
import { ListTable } from './ListTable.tsx';

/** A clock further off than this is shown in red: the agent's times are being corrected by it. */
const CLOCK_WARNING_MS = 60_000;

export function Devices() {
  const i18n = useI18n();
  const state = useCall('devices', { query: {} });
  const { run, view } = useAction(i18n);
  return (
    <>
      {view}
      <ListTable
        state={state}
        items={(d) => d.devices}
        empty={i18n.t('admin.noDevices')}
        testId="devices"
        columns={[{ label: i18n.t('admin.device') }, { label: i18n.t('admin.person') }, { label: i18n.t('admin.lastSeen') }, { label: i18n.t('admin.version') }, { label: i18n.t('admin.clockOffset'), num: true }, { label: i18n.t('admin.actions') }]}
        row={(d) => (
          <tr key={d.id} className={d.revokedAt ? 'off-day' : ''}>
            <th scope="row" data-verbatim>
              {d.name}
            </th>
            <td>{d.user.name}</td>
            <td>{d.lastSeenAt === null ? '—' : i18n.dateTime(d.lastSeenAt, browserZone())}</td>
            <td>{d.agentVersion ?? '—'}</td>
            <td className={`num${d.clockOffsetMs !== null && Math.abs(d.clockOffsetMs) > CLOCK_WARNING_MS ? ' bad-text' : ''}`}>
              {d.clockOffsetMs === null ? '—' : i18n.t('admin.seconds', { n: i18n.number(Math.round(d.clockOffsetMs / 100) / 10) })}
            </td>
            <td>
              {d.revokedAt ? (
                <span className="pill">{i18n.t('admin.revoked')}</span>
              ) : (
                <button
                  type="button"
                  className="danger"
                  aria-label={i18n.t('admin.revokeFor', { name: d.name, person: d.user.name })}
                  onClick={() => {
                    if (confirm(i18n.t('admin.revokeConfirm', { name: d.name }))) void run(() => call('revokeDevice', { params: { deviceId: d.id } }), i18n.t('app.saved')).then(state.reload);
                  }}
                >
                  {i18n.t('admin.revoke')}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </>
  );
}
