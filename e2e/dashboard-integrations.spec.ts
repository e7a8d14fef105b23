// The admin's integration screens in Debian's Chromium against a real hub process and the local
// Bitrix24 portal, in uk, ru and en: connect Bitrix24 by its webhook URL (the URL never comes
// back to the browser), test the connection, link a person to a CRM user by hand, see a dead
// letter with the portal's own answer and retry it, add a webhook (its secret shown once) and
// send a test event that a local receiver verifies with `standardwebhooks`, see an endpoint turned
// off by a 410, create an API token (shown once), use it and revoke it, import KPI actuals from a
// CSV file. Every screen is scanned for raw keys and stray English and shot into test-results/,
// at 1280 px and at a 390 px phone width.
import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { CATALOGUES } from '../dashboard/i18n/translate.ts';
import type { TextKey } from '../dashboard/i18n/types.ts';
import { fill } from '../shared/i18n/fill.ts';
import { INTL_LOCALE } from '../shared/i18n/locales.ts';
import type { Locale } from '../shared/locale.ts';
import { newSecretKey } from '../server/crm/secrets.ts';
import { FakeAmoCrm } from '../server/crm/testing/fake-amocrm.ts';
import { FakeBitrix24 } from '../server/crm/testing/fake-bitrix24.ts';
import { testCertificate } from '../server/crm/testing/tls.ts';
import { ADMIN, startHubProcess, type HubProcess } from '../test/hub-process.ts';
import { routeDashboard } from './hub-dashboard.ts';
import { scanScreen } from './scan.ts';

const MANAGER = 'manager@example.com';
const CRM_PERSON: Record<Locale, { NAME: string; LAST_NAME: string }> = {
  uk: { NAME: 'Олена', LAST_NAME: 'Коваль' },
  ru: { NAME: 'Елена', LAST_NAME: 'Коваль' },
  en: { NAME: 'Helen', LAST_NAME: 'Smith' },
};
const TOKEN_NAME: Record<Locale, string> = { uk: 'АТС офісу', ru: 'АТС офиса', en: 'Office PBX' };

/** A webhook receiver on loopback: verifies each delivery with the endpoint's secret, or answers 410. */
class Receiver {
  secret = '';
  readonly verified: { type: string }[] = [];
  readonly refused: string[] = [];
  gone = 0;
  private server: http.Server | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/gone') {
          this.gone++;
          res.writeHead(410).end();
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          this.verified.push(new Webhook(this.secret).verify(body, req.headers as Record<string, string>) as { type: string });
          res.writeHead(204).end();
        } catch (error) {
          this.refused.push(String(error));
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(p: string): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}

let hub: HubProcess;
let fake: FakeBitrix24;
let receiver: Receiver;
let hubDir: string;
test.beforeEach(async () => {
  fake = await new FakeBitrix24().start();
  receiver = await new Receiver().start();
  hubDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-e2e-integ-'));
  hub = await startHubProcess(hubDir, { env: { ZVIT_SECRET_KEY: newSecretKey(), ZVIT_WEBHOOK_ALLOW: '127.0.0.1', NODE_EXTRA_CA_CERTS: testCertificate().certFile } });
});
test.afterEach(async () => {
  await hub?.stop();
  await fake?.stop();
  await receiver?.stop();
  fs.rmSync(hubDir, { recursive: true, force: true });
});

interface Jobs {
  jobs: { id: string; kind: string; state: string; lastError: string | null; lastErrorCode: string | null }[];
  counts: Record<string, number>;
}

/** A card's text without its folded-away technical note (where the hub's English may stand). */
const outsideDetails = (card: Locator) =>
  card.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const details of copy.querySelectorAll('details')) details.remove();
    return copy.textContent ?? '';
  });

for (const locale of ['uk', 'ru', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale] });

    test(`an admin connects Bitrix24, links people, retries a dead letter, adds a webhook and a token, imports a CSV, in ${locale}`, async ({ page }, testInfo) => {
      test.setTimeout(240_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const person = CRM_PERSON[locale];
      const tokenName = TOKEN_NAME[locale];
      const data = [MANAGER, ADMIN.email, person.NAME, person.LAST_NAME, tokenName, 'Zvit', 'Admin', 'Sales'];
      const scan = (name: string) => scanScreen(page, testInfo, locale, name, data);
      const shoot = async (name: string) => {
        await scan(name);
        await onPhone(page, () => scan(`${name}-phone`));
      };
      const tab = async (key: TextKey) => {
        await page.getByRole('navigation', { name: t('integ.sections') }).getByRole('link', { name: t(key), exact: true }).click();
      };

      // The hub has a manager; the portal has its admin (same email as the hub's) and the manager
      // under another email, so the link is made by hand.
      await hub.addManager(MANAGER);
      const portalAdmin = fake.addUser({ EMAIL: ADMIN.email, NAME: 'Admin' }).ID;
      const crmManager = fake.addUser({ EMAIL: 'o.koval@portal.example', ...person }).ID;
      const webhookUrl = fake.addWebhook(portalAdmin);
      const hookSecret = webhookUrl.split('/').filter(Boolean).at(-1)!;

      await routeDashboard(page, hub.url);
      await page.goto(`${hub.url}/`);
      await page.getByLabel(t('signIn.email')).fill(ADMIN.email);
      await page.getByLabel(t('signIn.password')).fill(ADMIN.password);
      await page.getByRole('button', { name: t('signIn.submit') }).click();
      await page.getByRole('link', { name: t('nav.integrations'), exact: true }).click();
      await expect(page.getByRole('heading', { name: t('integ.title'), level: 1 })).toBeVisible();
      await expect(page.getByText(t('crm.none'))).toBeVisible();
      await shoot('integrations-crm-new');

      // A URL that is not an incoming webhook's is refused in words, and nothing is saved.
      await page.getByLabel(t('crm.webhookUrl')).fill('https://portal.example/rest/abc');
      await page.getByRole('button', { name: t('crm.connectButton') }).click();
      await expect(page.getByRole('alert')).toContainText(t('err.invalid_input'));
      await expect(page.getByRole('alert')).toContainText('not a Bitrix24 incoming webhook address');
      expect(await hub.admin('GET', '/api/v1/crm')).toEqual({ connector: null });

      // Connect by the incoming webhook's URL; it is saved, never shown again.
      await page.getByLabel(t('crm.webhookUrl')).fill(webhookUrl);
      await page.getByRole('button', { name: t('crm.connectButton') }).click();
      const card = page.getByTestId('crm-connector');
      await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.not_tested'));
      await expect(card.getByTestId('crm-credentials')).toContainText(t('crm.credentialsSaved'));
      expect(await page.content()).not.toContain(hookSecret);
      expect(JSON.stringify(await hub.admin('GET', '/api/v1/crm'))).not.toContain(hookSecret);

      // Test: what the credentials may do.
      await card.getByRole('button', { name: t('crm.test') }).click();
      await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.ok'));
      const tested = card.getByTestId('crm-test');
      await expect(tested).toContainText(t('crm.testOk'));
      await expect(tested).toContainText(t('crm.cap.workday'));
      await expect(tested).toContainText(t('crm.cap.calls'));

      // People: the admin matches by email; the manager is linked by hand.
      const people = page.getByTestId('crm-people');
      await people.getByRole('button', { name: t('crm.match') }).click();
      await expect(people.getByRole('status')).toHaveText(t('crm.matchedSome', { n: 1, emails: MANAGER }));
      await shoot('integrations-crm');
      // From here the portal refuses to list tasks: the pull the link starts becomes a dead letter.
      fake.faults.failMethod.set('tasks.task.list', { times: 1000, code: 'ERROR_CORE', status: 400 });
      await people.getByLabel(t('crm.crmUserOf', { name: MANAGER })).selectOption(crmManager);
      await expect(people.getByRole('status')).toHaveText(t('crm.linkSaved', { name: MANAGER }));
      await expect(people.getByTestId('crm-person').filter({ hasText: MANAGER })).toContainText(t('crm.byAdmin'));
      const links = await hub.admin<{ users: { email: string; crmUserId: string | null; source: string | null }[] }>('GET', '/api/v1/crm/users');
      expect(links.users.find((u) => u.email === MANAGER)).toMatchObject({ crmUserId: crmManager, source: 'admin' });

      // The dead letter, with the portal's own answer; fixed on the portal, then retried.
      await expect.poll(async () => (await hub.admin<Jobs>('GET', '/api/v1/jobs?state=dead')).jobs.map((j) => j.kind), { timeout: 30_000 }).toEqual(['bitrix24.tasks']);
      await tab('integ.tab.dead');
      const dead = page.getByTestId('dead-letter');
      await expect(dead).toHaveCount(1);
      await expect(dead).toContainText(t('jobs.kind.b24tasks'));
      await expect(dead.getByTestId('crm-answer')).toContainText('ERROR_CORE');
      await expect(dead.getByTestId('crm-answer')).toContainText('tasks.task.list');
      // Why, in the admin's language; the hub's English note only inside the folded technical note.
      const refused = (await hub.admin<Jobs>('GET', '/api/v1/jobs?state=dead')).jobs[0]!;
      expect(refused).toMatchObject({ lastErrorCode: 'crm_rejected', lastError: expect.stringContaining('Bitrix24 refused it') });
      await expect(dead.getByTestId('job-why')).toHaveText(t('jobs.why.crm_rejected'));
      expect(await outsideDetails(dead)).not.toContain(refused.lastError);
      await expect(dead.getByTestId('hub-note')).toBeHidden();
      await shoot('integrations-dead');
      await dead.getByText(t('jobs.hubNote')).click();
      await expect(dead.getByTestId('hub-note')).toHaveText(refused.lastError!);
      await scan('integrations-dead-note');
      fake.faults.failMethod.delete('tasks.task.list');
      await dead.getByRole('button', { name: t('jobs.retryOne', { what: t('jobs.kind.b24tasks') }) }).click();
      await expect(page.getByRole('status').filter({ hasText: t('jobs.retried') })).toBeVisible();
      await expect.poll(async () => (await hub.admin<Jobs>('GET', '/api/v1/jobs')).counts.dead, { timeout: 30_000 }).toBe(0);
      await page.getByRole('button', { name: t('integ.refresh') }).click();
      await expect(page.getByText(t('jobs.none'))).toBeVisible();

      // A webhook: its secret once; a test event the receiver verifies.
      await tab('integ.tab.webhooks');
      await page.getByLabel(t('wh.url')).fill(receiver.url('/hook'));
      await page.getByRole('button', { name: t('wh.addButton') }).click();
      const secret = page.getByTestId('webhook-secret');
      await expect(secret).toHaveText(/^whsec_/);
      receiver.secret = (await secret.textContent())!;
      await shoot('integrations-webhook-added');
      const endpoint = page.getByTestId('webhook').filter({ hasText: receiver.url('/hook') });
      await endpoint.getByRole('button', { name: t('wh.test') }).click();
      await expect.poll(() => receiver.verified.map((v) => v.type), { timeout: 30_000 }).toEqual(['webhook.test']);
      expect(receiver.refused).toEqual([]);
      await endpoint.getByRole('button', { name: t('wh.showLog') }).click();
      await expect(endpoint.getByTestId('delivery').first()).toContainText(t('wh.delivery.delivered'));
      await expect(endpoint.getByTestId('delivery').first()).toContainText(t('wh.event.test'));
      await shoot('integrations-webhooks');
      // The secret is not shown again.
      await page.reload();
      await expect(page.getByTestId('webhook')).toHaveCount(1);
      await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
      expect(await page.content()).not.toContain(receiver.secret);

      // A receiver that answers 410 Gone turns its endpoint off, and the screen says so.
      await page.getByLabel(t('wh.url')).fill(receiver.url('/gone'));
      await page.getByRole('button', { name: t('wh.addButton') }).click();
      const gone = page.getByTestId('webhook').filter({ hasText: receiver.url('/gone') });
      await gone.getByRole('button', { name: t('wh.test') }).click();
      await expect.poll(() => receiver.gone, { timeout: 30_000 }).toBe(1);
      await expect
        .poll(async () => (await hub.admin<{ endpoints: { url: string; enabled: boolean }[] }>('GET', '/api/v1/webhooks')).endpoints.find((e) => e.url === receiver.url('/gone'))?.enabled, { timeout: 30_000 })
        .toBe(false);
      await page.reload();
      await expect(gone.getByTestId('webhook-state')).toHaveText(t('wh.off'));
      await expect(gone.getByTestId('webhook-disabled')).toContainText(t('wh.gone', { when: '\u0000' }).split('\u0000')[0]!);
      await expect(gone.getByRole('button', { name: t('wh.turnOn') })).toBeVisible();
      await gone.getByRole('button', { name: t('wh.showLog') }).click();
      const goneDelivery = gone.getByTestId('delivery').first();
      await expect(goneDelivery).toContainText(t('wh.delivery.dead'));
      await expect(goneDelivery.getByTestId('delivery-why')).toHaveText(t('jobs.why.receiver_gone'));
      await shoot('integrations-webhook-gone');
      // Its dead letter: the receiver said nothing, so no answer stands in; the hub's 410 note is folded away.
      const goneJob = (await hub.admin<Jobs>('GET', '/api/v1/jobs?state=dead')).jobs.find((j) => j.kind === 'webhook.deliver')!;
      expect(goneJob).toMatchObject({ lastErrorCode: 'receiver_gone', lastError: expect.stringContaining('410 Gone') });
      await tab('integ.tab.dead');
      const goneLetter = page.getByTestId('dead-letter').filter({ hasText: t('jobs.kind.webhookDeliver') });
      await expect(goneLetter.getByTestId('job-why')).toHaveText(t('jobs.why.receiver_gone'));
      await expect(goneLetter.getByTestId('crm-answer')).toHaveCount(0);
      expect(await outsideDetails(goneLetter)).not.toContain(goneJob.lastError);
      await shoot('integrations-dead-webhook');

      // An API token: made with its scope, shown once, works, revoked, stops working.
      await tab('integ.tab.tokens');
      await page.getByLabel(t('tok.name')).fill(tokenName);
      await expect(page.getByRole('checkbox', { name: new RegExp(t('tok.scope.kpiWrite')) })).toBeChecked();
      await page.getByLabel(t('tok.name')).press('Enter'); // the keyboard submits the form
      const token = (await page.getByTestId('api-token').textContent())!;
      expect(token).toMatch(/^zvt_/);
      const put = (date: string) =>
        fetch(`${hub.url}/api/v1/kpi-actuals`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ actuals: [{ user: MANAGER, date, key: 'calls_total', value: 21 }] }) });
      expect((await put('2026-03-02')).status).toBe(200);
      await page.reload();
      await expect(page.getByTestId('api-token')).toHaveCount(0);
      const row = page.getByTestId('token').filter({ hasText: tokenName });
      await expect(row).not.toContainText(t('tok.never'));
      await shoot('integrations-tokens');
      await row.getByRole('button', { name: t('tok.revokeOne', { name: tokenName }) }).focus();
      await page.keyboard.press('Enter');
      await expect(row).toContainText(t('tok.revokedAt', { when: '\u0000' }).split('\u0000')[0]!.trim());
      expect((await put('2026-03-03')).status).toBe(401);

      // KPI actuals from a CSV file: the good row stored, the bad one named by its line.
      await tab('integ.tab.csv');
      // A file without the named columns is refused whole, in the admin's words only.
      await page.getByLabel(t('csv.file')).setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
      await page.getByRole('button', { name: t('csv.import') }).click();
      await expect(page.getByRole('alert')).toHaveText(t('err.csv_columns'));
      const csv = `email,date,kpi,value\n${MANAGER},2026-03-04,calls_total,37\nnobody@example.com,2026-03-04,calls_total,5\n${MANAGER},2026-03-04,calls_total,lots\n`;
      // The browser's own file button (in the browser's language) is hidden behind ours.
      await expect(page.getByLabel(t('csv.file'))).toHaveCSS('clip-path', 'inset(50%)');
      await expect(page.getByText(t('csv.choose'), { exact: true })).toBeVisible();
      await page.getByLabel(t('csv.file')).setInputFiles({ name: 'actuals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: t('csv.import') }).click();
      const result = page.getByTestId('csv-result');
      await expect(result).toContainText(t('csv.stored', { n: 1 }));
      await expect(result).toContainText(t('csv.refused', { n: 2 }));
      await expect(result).toContainText(t('csv.line', { n: 3 }));
      await expect(result).toContainText(t('csv.noUser', { user: 'nobody@example.com' }));
      await expect(result).toContainText(t('csv.invalidFields', { fields: 'value' }));
      await expect(result).not.toContainText('Invalid input');
      await shoot('integrations-csv');
    });
  });
}

for (const locale of ['uk', 'ru', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale] });

    test(`an admin maps Bitrix24 data to KPIs and sets how late an event may go live, in ${locale}`, async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const scan = (name: string) => scanScreen(page, testInfo, locale, name, [ADMIN.email, 'Zvit', 'Admin', 'Sales']);
      const webhookUrl = fake.addWebhook(fake.addUser({ EMAIL: ADMIN.email, NAME: 'Admin' }).ID);
      await hub.admin('PUT', '/api/v1/crm', { kind: 'bitrix24', credentials: { auth: 'webhook', webhookUrl } });
      const options = async () => (await hub.admin<{ connector: { options: { kpiSources: unknown[]; liveWithinMinutes: number } } }>('GET', '/api/v1/crm')).connector.options;

      await routeDashboard(page, hub.url);
      await page.goto(`${hub.url}/`);
      await page.getByLabel(t('signIn.email')).fill(ADMIN.email);
      await page.getByLabel(t('signIn.password')).fill(ADMIN.password);
      await page.getByRole('button', { name: t('signIn.submit') }).click();
      await page.getByRole('link', { name: t('nav.integrations'), exact: true }).click();
      const form = page.getByTestId('crm-form');
      const sources = form.getByTestId('kpi-sources');
      await expect(sources).toContainText(t('crm.kpiSources.none'));

      // Two mappings: deals won in pipeline 2, completed calls; one KPI key left empty.
      await sources.getByRole('button', { name: t('crm.kpiSource.add') }).click();
      await sources.getByRole('button', { name: t('crm.kpiSource.add') }).click();
      const rows = sources.getByTestId('kpi-source');
      await expect(rows).toHaveCount(2);
      await rows.nth(0).getByLabel(t('crm.kpiSource.category')).fill('2');
      await rows.nth(1).getByLabel(t('crm.kpiSource.source')).selectOption('activities');
      await rows.nth(1).getByLabel(t('crm.kpiSource.type')).selectOption('2');
      await rows.nth(1).getByLabel(t('crm.kpiSource.kpi')).fill('');
      await form.getByLabel(t('crm.live')).fill('0');

      // The shared schema refuses both, beside their fields, in the admin's words; nothing is sent.
      await form.getByRole('button', { name: t('crm.save') }).click();
      await expect(form.getByTestId('options-invalid')).toHaveText(t('crm.optionsInvalid'));
      await expect(rows.nth(1)).toContainText(t('crm.kpiSource.kpiInvalid'));
      await expect(form).toContainText(t('crm.live.invalid'));
      await scan('integrations-crm-kpis-invalid');
      expect(await options()).toMatchObject({ kpiSources: [], liveWithinMinutes: 5 });

      await rows.nth(1).getByLabel(t('crm.kpiSource.kpi')).fill('calls_done');
      await form.getByLabel(t('crm.live')).fill('15');
      await expect(form.getByTestId('option-problem')).toHaveCount(0);
      await form.getByRole('button', { name: t('crm.save') }).click();
      await expect.poll(options).toMatchObject({
        kpiSources: [
          { source: 'deals_won', kpi: 'deals_closed', categoryId: 2 },
          { source: 'activities', kpi: 'calls_done', typeId: 2 },
        ],
        liveWithinMinutes: 15,
      });

      // After a reload the screen shows what the hub has; a removed row is gone from the hub too.
      await page.reload();
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0).getByLabel(t('crm.kpiSource.category'))).toHaveValue('2');
      await expect(rows.nth(1).getByLabel(t('crm.kpiSource.kpi'))).toHaveValue('calls_done');
      await expect(form.getByLabel(t('crm.live'))).toHaveValue('15');
      await scan('integrations-crm-kpis');
      await onPhone(page, () => scan('integrations-crm-kpis-phone'));
      await rows.nth(0).getByRole('button', { name: t('crm.kpiSource.remove') }).click();
      await form.getByRole('button', { name: t('crm.save') }).click();
      await expect.poll(async () => (await options()).kpiSources).toEqual([{ source: 'activities', kpi: 'calls_done', typeId: 2 }]);
    });
  });
}

for (const locale of ['uk', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale] });

    test(`an admin connects amoCRM by OAuth from the screen, in ${locale}`, async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const amo = await new FakeAmoCrm().start();
      try {
        const scan = (name: string) => scanScreen(page, testInfo, locale, name, [ADMIN.email, 'Fake account', 'Zvit', 'Default']);
        await routeDashboard(page, hub.url);
        await page.goto(`${hub.url}/#/integrations/crm`);
        await page.getByLabel(t('signIn.email')).fill(ADMIN.email);
        await page.getByLabel(t('signIn.password')).fill(ADMIN.password);
        await page.getByRole('button', { name: t('signIn.submit') }).click();

        const form = page.getByTestId('crm-form');
        await form.getByRole('radio', { name: t('crm.kind.amocrm') }).check();
        await form.getByRole('radio', { name: t('crm.how.amocrm.oauth') }).check();
        await form.getByLabel(t('crm.account')).fill(amo.origin);
        await form.getByLabel(t('crm.clientId'), { exact: true }).fill(amo.client.id);
        await form.getByLabel(t('crm.clientSecret'), { exact: true }).fill(amo.client.secret);
        const code = amo.authCode;
        await form.getByLabel(t('crm.code'), { exact: true }).fill(code);
        await form.getByLabel(t('crm.redirectUri')).fill(amo.client.redirectUri);
        await scan('integrations-crm-amocrm-form');
        await form.getByRole('button', { name: t('crm.connectButton') }).click();

        // The code was exchanged at once; neither it nor the secret comes back.
        const card = page.getByTestId('crm-connector');
        await expect(card.getByRole('heading', { name: t('crm.kind.amocrm') })).toBeVisible();
        await expect(card).toContainText(t('crm.auth.oauth'));
        await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.not_tested'));
        for (const secret of [amo.client.secret, code]) expect(await page.content()).not.toContain(secret);
        await card.getByRole('button', { name: t('crm.test') }).click();
        await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.ok'));
        await expect(card.getByTestId('crm-test')).toContainText(t('crm.cap.events'));
        // An expired access token is renewed once with the single-use refresh token.
        amo.expireAccessTokens();
        await card.getByRole('button', { name: t('crm.test') }).click();
        await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.ok'));
        await expect.poll(() => amo.refreshes).toBe(1);
        await expect(card.getByRole('button', { name: t('crm.test') })).toBeEnabled();
        await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.ok'));
        expect(amo.refusedRefreshes).toBe(0);
        await scan('integrations-crm-amocrm');

        // A spent code is refused in words.
        await form.getByLabel(t('crm.clientSecret'), { exact: true }).fill(amo.client.secret);
        await form.getByLabel(t('crm.code'), { exact: true }).fill(code);
        await form.getByLabel(t('crm.redirectUri')).fill(amo.client.redirectUri);
        await form.getByLabel(t('crm.clientId'), { exact: true }).fill(amo.client.id);
        await form.getByRole('button', { name: t('crm.save') }).click();
        await expect(form.getByRole('alert')).toContainText(t('err.invalid_input'));
        await expect(form.getByRole('alert')).toContainText('refused the authorization code');
      } finally {
        await amo.stop();
      }
    });
  });
}

for (const locale of ['uk', 'ru', 'en'] as const) {
  test.describe(locale, () => {
    test.use({ locale: INTL_LOCALE[locale] });

    test(`an admin connects a Bitrix24 local application (OAuth) from the screen, in ${locale}`, async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      const t = (key: TextKey, vars?: Record<string, string | number>) => fill(CATALOGUES[locale][key] as string, vars);
      const scan = (name: string) => scanScreen(page, testInfo, locale, name, [ADMIN.email, 'Admin', 'Zvit', 'Default']);
      fake.addUser({ EMAIL: ADMIN.email, NAME: 'Admin' });
      await routeDashboard(page, hub.url);
      await page.goto(`${hub.url}/#/integrations/crm`);
      await page.getByLabel(t('signIn.email')).fill(ADMIN.email);
      await page.getByLabel(t('signIn.password')).fill(ADMIN.password);
      await page.getByRole('button', { name: t('signIn.submit') }).click();

      const form = page.getByTestId('crm-form');
      await form.getByRole('radio', { name: t('crm.how.bitrix24.oauth') }).check();
      await form.getByLabel(t('crm.portal')).fill(fake.origin);
      await form.getByLabel(t('crm.clientId'), { exact: true }).fill(fake.app.clientId);
      await form.getByLabel(t('crm.clientSecret'), { exact: true }).fill(fake.app.clientSecret);
      await form.getByRole('button', { name: t('crm.connectButton') }).click();

      // Waiting for the portal to install it: the two addresses to paste into its card.
      const card = page.getByTestId('crm-connector');
      await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.awaiting_install'));
      const install = card.getByTestId('app-install-url');
      await expect(install).toHaveText(/\/api\/v1\/crm\/bitrix24\/install\/[\w-]+$/);
      await expect(card.getByTestId('app-handler-url')).toHaveText(/\/api\/v1\/crm\/bitrix24\/events\/[\w-]+$/);
      await expect(page.getByText(t('crm.peopleLater'))).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
      await scan('integrations-crm-bitrix24-app');
      expect(await page.content()).not.toContain(fake.app.clientSecret);

      // Saving the application's card in Bitrix24 posts its tokens to the installation path.
      const res = await fetch(`${hub.url}${new URL((await install.textContent())!).pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fake.installPayload()).toString(),
      });
      expect(res.status).toBe(200);
      await page.reload();
      await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.not_tested'));
      await card.getByRole('button', { name: t('crm.test') }).click();
      await expect(card.getByTestId('crm-status')).toHaveText(t('crm.status.ok'));
      await expect(card.getByTestId('crm-test')).toContainText(t('crm.testOk'));
      await expect(page.getByTestId('crm-people')).toBeVisible();
    });
  });
}

/** Runs `fn` at a 390 px phone width, then returns to the desktop width. */
async function onPhone(page: Page, fn: () => Promise<void>): Promise<void> {
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await fn();
    // Nothing wider than the phone: no sideways scrolling of the page itself.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    await page.setViewportSize(before);
  }
}
