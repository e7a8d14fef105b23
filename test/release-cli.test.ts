// `zvit hub release` as an admin uses it: on the hub's server (its database), and from a build
// machine through the admin API (--hub, as the release workflow does).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseSummary } from '../server/updates/releases.ts';
import { zvit } from './cli.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { buildReleaseFolder } from './release-folder.ts';
import { tempDir } from './tmp.ts';

const work = tempDir('zvit-release-cli-');
let hub: HubProcess;
let remoteEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  hub = await startHubProcess(path.join(work, 'hub'));
  await hub.addManager('olena@example.com');
  remoteEnv = { ...process.env, ZVIT_HUB_EMAIL: hub.env.ZVIT_ADMIN_EMAIL, ZVIT_HUB_PASSWORD: hub.env.ZVIT_ADMIN_PASSWORD };
  await buildReleaseFolder(path.join(work, '2.0.0'), '2.0.0');
  await buildReleaseFolder(path.join(work, '2.1.0'), '2.1.0', ['win']);
}, 60_000);
afterAll(async () => {
  await hub?.stop();
});

// Each step runs the real `zvit` command (a cold Node process, several seconds on a busy 2-core
// machine); the timeouts only turn a hang into a failure.
describe('zvit hub release through the API (--hub)', { timeout: 60_000 }, () => {
  it('publishes a folder for every platform with --percent 10 and --teams, then lists it', async () => {
    const published = await zvit(['hub', 'release', 'publish', path.join(work, '2.0.0'), '--channel', 'stable', '--percent', '10', '--teams', 'Sales', '--hub', hub.url], remoteEnv);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('Published 2.0.0 on stable [latest-linux.yml, latest-mac.yml, latest.yml]: rolling out to 10% of devices and team Sales');
    const releases = (await hub.admin<{ releases: ReleaseSummary[] }>('GET', '/api/v1/releases')).releases;
    expect(releases).toHaveLength(1);
    expect(releases[0]!.files).toHaveLength(7);
    const list = await zvit(['hub', 'release', 'list', '--hub', hub.url], remoteEnv);
    expect(list.stdout).toContain('2.0.0 on stable');
  });

  it('checks the files against latest.yml before sending anything', async () => {
    const dir = path.join(work, '2.1.0');
    const exe = path.join(dir, 'Zvit-Setup-2.1.0.exe');
    const original = fs.readFileSync(exe);
    // Signed after the build: the bytes no longer match what electron-builder wrote in latest.yml.
    fs.writeFileSync(exe, Buffer.concat([original, Buffer.from('signature')]));
    const refused = await zvit(['hub', 'release', 'publish', dir, '--channel', 'stable', '--hub', hub.url], remoteEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Zvit-Setup-2.1.0.exe does not match the sha512 in latest.yml');
    fs.writeFileSync(exe, original);
    // Nothing reached the hub: no upload was even started.
    expect(fs.existsSync(path.join(work, 'hub', 'updates', 'staging')) ? fs.readdirSync(path.join(work, 'hub', 'updates', 'staging')) : []).toHaveLength(0);
    expect((await hub.admin<{ releases: ReleaseSummary[] }>('GET', '/api/v1/releases')).releases).toHaveLength(1);
  });

  it('steers the rollout and says what it did', async () => {
    const set = (...flags: string[]) => zvit(['hub', 'release', 'set', '2.0.0', '--channel', 'stable', ...flags, '--hub', hub.url], remoteEnv);
    expect((await set('--percent', '50')).stdout).toContain('rolling out to 50% of devices and team Sales');
    expect((await set('--teams', 'Sales')).code).toBe(0);
    expect((await set('--pause')).stdout).toContain('paused');
    expect((await set('--halt')).stdout).toContain('halted');
    expect((await set('--complete')).stdout).toContain('complete (every device)');
    const wrong = await set('--percent', '20', '--pause');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('exactly one of');
    expect((await set('--percent', '120')).code).toBe(2);
    const missing = await zvit(['hub', 'release', 'set', '9.9.9', '--channel', 'stable', '--halt', '--hub', hub.url], remoteEnv);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('9.9.9 on stable was not found');
  });

  it('needs an admin: a wrong password or no credentials is refused with the reason', async () => {
    const noCreds = await zvit(['hub', 'release', 'list', '--hub', hub.url], { ...process.env, ZVIT_HUB_EMAIL: '', ZVIT_HUB_PASSWORD: '' });
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toContain('ZVIT_HUB_EMAIL and ZVIT_HUB_PASSWORD');
    const wrong = await zvit(['hub', 'release', 'list', '--hub', hub.url], { ...remoteEnv, ZVIT_HUB_PASSWORD: 'not the password at all' });
    expect(wrong.code).toBe(1);
  });
});

describe('zvit hub release on the hub\'s own database', { timeout: 60_000 }, () => {
  it('publishes, and refuses a folder that is not electron-builder\'s output', async () => {
    const args = ['--channel', 'beta', '--data-dir', path.join(work, 'hub')];
    const published = await zvit(['hub', 'release', 'publish', path.join(work, '2.1.0'), ...args], hub.env);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('Published 2.1.0 on beta [latest.yml]: rolling out to 100% of devices');
    const empty = fs.mkdtempSync(path.join(work, 'empty-'));
    const refused = await zvit(['hub', 'release', 'publish', empty, ...args], hub.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds no latest.yml');
    const noChannel = await zvit(['hub', 'release', 'publish', path.join(work, '2.1.0')], hub.env);
    expect(noChannel.code).toBe(2);
  });
});
