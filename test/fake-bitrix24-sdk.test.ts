// The Bitrix24 fake driven by the official SDK (@bitrix24/b24jssdk): if the real client can talk
// to it and gets the answers and errors it expects, the fake speaks Bitrix24's wire format, and
// the hub's own client, tested against the fake, does too.
import https from 'node:https';
import { ApiVersion, B24Hook } from '@bitrix24/b24jssdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBitrix24 } from '../server/crm/testing/fake-bitrix24.ts';
import { testCertificate } from '../server/crm/testing/tls.ts';

const NOW = Date.UTC(2026, 2, 2, 7, 0, 0); // 09:00 in Kyiv
let fake: FakeBitrix24;
let b24: B24Hook;
let manager: string;

beforeAll(async () => {
  fake = await new FakeBitrix24({ now: () => NOW }).start();
  const admin = fake.addUser({ EMAIL: 'admin@portal.test' });
  manager = fake.addUser({ EMAIL: 'olena@portal.test', NAME: 'Олена' }).ID;
  for (let i = 0; i < 120; i++) fake.calls.push({ PORTAL_USER_ID: manager, CALL_TYPE: 1 + (i % 2), CALL_DURATION: i, CALL_START_DATE: '2026-03-02T10:00:00+02:00', CALL_FAILED_CODE: '200' });
  b24 = B24Hook.fromWebhookUrl(fake.addWebhook(admin.ID), { restrictionParams: { maxRetries: 1 } });
  b24.offClientSideWarning();
  // The fake's certificate is self-signed; the SDK's axios gets it as a trusted CA.
  b24.getHttpClient(ApiVersion.v2).ajaxClient.defaults.httpsAgent = new https.Agent({ ca: testCertificate().cert });
});

afterAll(async () => {
  await fake.stop();
});

describe('the Bitrix24 fake, through the official SDK', () => {
  it('answers a single call', async () => {
    const res = await b24.actions.v2.call.make<{ ID: string; EMAIL: string }[]>({ method: 'user.get', params: { FILTER: { EMAIL: 'olena@portal.test' } } });
    expect(res.isSuccess).toBe(true);
    expect(res.getData()!.result.map((u) => u.ID)).toEqual([manager]);
  });

  it('pages lists by 50 with start, as the SDK\'s list helper walks them', async () => {
    const all = await b24.actions.v2.callList.make<{ CALL_DURATION: number }>({ method: 'voximplant.statistic.get', params: { FILTER: { PORTAL_USER_ID: manager } }, idKey: 'ID' } as never);
    expect(all.isSuccess).toBe(true);
    expect((all.getData() as unknown[]).length).toBe(120);
  });

  it('runs a batch with a failure inside: the others succeed and the SDK reports the one', async () => {
    const task = fake.addTask('Call back the client', manager);
    const res = await b24.actions.v2.batch.make({
      calls: {
        status: { method: 'timeman.status', params: { USER_ID: manager } },
        time: { method: 'task.elapseditem.add', params: { TASKID: task, ARFIELDS: { SECONDS: 600, COMMENT_TEXT: 'via SDK', USER_ID: Number(manager) } } },
        wrongOrder: { method: 'task.elapseditem.add', params: { ARFIELDS: { SECONDS: 60, COMMENT_TEXT: 'x' }, TASKID: task } },
      },
      options: { isHaltOnError: false, returnAjaxResult: true },
    } as never);
    const data = res.getData() as Record<string, { isSuccess: boolean; getData(): { result: unknown } }>;
    expect(data.status!.isSuccess).toBe(true);
    expect(data.time!.isSuccess).toBe(true);
    expect(data.wrongOrder!.isSuccess).toBe(false);
    expect(fake.elapsedOf(task)).toHaveLength(1);
    expect(res.getErrorMessages().join(' ')).toMatch(/Param #0 \(taskId\)/);
  });

  it('refuses TIME without REPORT, as the SDK sees an error', async () => {
    const res = await b24.actions.v2.call.make({ method: 'timeman.open', params: { USER_ID: manager, TIME: '2026-03-02T09:00:00+02:00' } }).catch((e: unknown) => e);
    expect(String((res as { code?: string }).code ?? (res as Error).message)).toMatch(/REPORT_NEEDED/);
    const ok = await b24.actions.v2.call.make<{ STATUS: string }>({ method: 'timeman.open', params: { USER_ID: manager, TIME: '2026-03-02T09:00:00+02:00', REPORT: 'Offline: synced later' } });
    expect(ok.getData()!.result.STATUS).toBe('OPENED');
  });

  it('answers 503 QUERY_LIMIT_EXCEEDED past the bucket, which the SDK recognises', async () => {
    const tight = await new FakeBitrix24({ now: () => NOW, rate: 2, burst: 3 }).start();
    try {
      tight.addUser({ EMAIL: 'a@p.test' });
      const hook = B24Hook.fromWebhookUrl(tight.addWebhook('1'), { restrictionParams: { maxRetries: 1 } });
      hook.offClientSideWarning();
      hook.getHttpClient(ApiVersion.v2).ajaxClient.defaults.httpsAgent = new https.Agent({ ca: testCertificate().cert });
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await hook.actions.v2.call.make({ method: 'scope', params: {} }).then(() => 'ok', (e: { code?: string; status?: number }) => `${e.status} ${e.code}`));
      expect(results).toEqual(['ok', 'ok', 'ok', '503 QUERY_LIMIT_EXCEEDED', '503 QUERY_LIMIT_EXCEEDED']);
    } finally {
      await tight.stop();
    }
  });
});
