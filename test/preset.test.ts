// Fleet presets: an agent started with the hub and a code preset (environment, or the JSON file
// beside the executable that the Windows installer writes from /HUB= /CODE=) enrolls by itself
// on its first start, against a real hub process; a bad code is told once and not retried.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessAgent, type HeadlessAgent } from '../main/agent/headless.ts';
import { loadPreset, machinePresetDir, PresetError, PRESET_FILE } from '../main/sync/preset.ts';
import { AGENT_VERSION_HEADER } from '../shared/sync.ts';
import { fakeSources } from './fake-sources.ts';
import { startHubProcess, type HubProcess } from './hub-process.ts';
import { tempDir } from './tmp.ts';

const work = tempDir('zvit-preset-');
let hub: HubProcess;
let userId: string;

beforeAll(async () => {
  hub = await startHubProcess(path.join(work, 'hub'));
  userId = await hub.addManager('olena@example.com');
}, 60_000);
afterAll(async () => {
  await hub?.stop();
});

async function start(name: string, preset: ReturnType<typeof loadPreset>): Promise<HeadlessAgent> {
  const dataDir = path.join(work, name);
  return startHeadlessAgent({ dataDir, sources: fakeSources(Date.now).sources, preset, version: '1.4.2', log: () => {} });
}

describe('loading a preset', () => {
  it('takes the environment first, then zvit-preset.json beside the executable', () => {
    const dir = fs.mkdtempSync(path.join(work, 'exe-'));
    expect(loadPreset({}, dir)).toBeNull();
    fs.writeFileSync(path.join(dir, PRESET_FILE), '\uFEFF{"hubUrl":"https://hub.example.com","enrollmentCode":"7K3M-Q9TX-B2RD","channel":"beta"}');
    expect(loadPreset({}, dir)).toEqual({ hubUrl: 'https://hub.example.com', code: '7K3M-Q9TX-B2RD', channel: 'beta', source: path.join(dir, PRESET_FILE) });
    expect(loadPreset({ ZVIT_HUB_URL: 'https://other.example.com', ZVIT_ENROLLMENT_CODE: 'AAAA' }, dir)).toMatchObject({ hubUrl: 'https://other.example.com', code: 'AAAA', channel: null });
  });

  it('then the same file in the machine-wide folder (deployment tools on macOS, Windows, Linux)', () => {
    const exe = fs.mkdtempSync(path.join(work, 'exe-'));
    const machine = fs.mkdtempSync(path.join(work, 'machine-'));
    expect(loadPreset({}, exe, machine)).toBeNull();
    fs.writeFileSync(path.join(machine, PRESET_FILE), '{"hubUrl":"https://hub.example.com"}');
    expect(loadPreset({}, exe, machine)).toMatchObject({ hubUrl: 'https://hub.example.com', code: null, source: path.join(machine, PRESET_FILE) });
    fs.writeFileSync(path.join(exe, PRESET_FILE), '{"hubUrl":"https://beside.example.com"}');
    expect(loadPreset({}, exe, machine)!.hubUrl).toBe('https://beside.example.com');
    expect(machinePresetDir({ ProgramData: 'C:\\ProgramData' }, 'win32')).toBe(path.join('C:\\ProgramData', 'Zvit'));
    expect(machinePresetDir({}, 'darwin')).toBe('/Library/Application Support/Zvit');
    expect(machinePresetDir({}, 'linux')).toBe('/etc/zvit');
  });

  it('says what is wrong with a broken file instead of ignoring it', () => {
    const dir = fs.mkdtempSync(path.join(work, 'exe-'));
    fs.writeFileSync(path.join(dir, PRESET_FILE), '{"hubUrl": ');
    expect(() => loadPreset({}, dir)).toThrow(PresetError);
    fs.writeFileSync(path.join(dir, PRESET_FILE), '{"hub": "https://x"}');
    expect(() => loadPreset({}, dir)).toThrow(/hubUrl/);
  });
});

describe('enrolling on the first start', () => {
  it('enrolls with the code from the environment', async () => {
    const code = await hub.code('olena@example.com');
    const agent = await start('env', loadPreset({ ZVIT_HUB_URL: hub.url, ZVIT_ENROLLMENT_CODE: code }, null));
    try {
      await expect.poll(() => agent.sync.status().enrolled, { timeout: 15_000 }).toBe(true);
      expect(agent.sync.status()).toMatchObject({ hubUrl: hub.url, user: 'olena@example.com' });
      const devices = await hub.admin<{ devices: { id: string }[] }>('GET', `/api/v1/users/${userId}/devices`);
      expect(devices.devices.map((d) => d.id)).toContain(agent.store.deviceId);
      expect(agent.version).toBe('1.4.2');
    } finally {
      await agent.stop();
    }
    // The next start is enrolled already: the (now used) code is not tried again.
    const again = await start('env', loadPreset({ ZVIT_HUB_URL: hub.url, ZVIT_ENROLLMENT_CODE: code }, null));
    try {
      expect(again.sync.status().enrolled).toBe(true);
      expect(again.store.notices().filter((n) => n.kind === 'preset_refused')).toEqual([]);
    } finally {
      await again.stop();
    }
  });

  it('enrolls from the file the installer wrote beside the executable', async () => {
    const exeDir = fs.mkdtempSync(path.join(work, 'exe-'));
    fs.writeFileSync(path.join(exeDir, PRESET_FILE), JSON.stringify({ hubUrl: hub.url, enrollmentCode: await hub.code('olena@example.com', { uses: 50 }) }));
    const agent = await start('file', loadPreset({}, exeDir));
    try {
      await expect.poll(() => agent.sync.status().enrolled, { timeout: 15_000 }).toBe(true);
      // Its sync calls carry the version.
      const pull = await fetch(`${hub.url}/api/v1/sync/pull`, { headers: { authorization: `Bearer ${agent.secrets.get()}`, [AGENT_VERSION_HEADER]: agent.version } });
      expect(pull.status).toBe(200);
    } finally {
      await agent.stop();
    }
  });

  it('a refused code is told to the manager once and not retried on later starts', async () => {
    const preset = loadPreset({ ZVIT_HUB_URL: hub.url, ZVIT_ENROLLMENT_CODE: 'ZZZZ-ZZZZ-ZZZZ' }, null);
    const agent = await start('refused', preset);
    try {
      await expect.poll(() => agent.store.notices().filter((n) => n.kind === 'preset_refused').length, { timeout: 15_000 }).toBe(1);
      expect(agent.store.notices().find((n) => n.kind === 'preset_refused')!.message).toContain('Ask your lead for a new code');
      expect(agent.sync.status().enrolled).toBe(false);
    } finally {
      await agent.stop();
    }
    const again = await start('refused', preset);
    await new Promise((r) => setTimeout(r, 300));
    try {
      expect(again.store.notices().filter((n) => n.kind === 'preset_refused')).toHaveLength(1);
    } finally {
      await again.stop();
    }
  });

  it('keeps trying while the hub is unreachable, and stops cleanly', async () => {
    const agent = await start('offline', loadPreset({ ZVIT_HUB_URL: 'http://127.0.0.1:9', ZVIT_ENROLLMENT_CODE: 'AAAA-BBBB-CCCC' }, null));
    await new Promise((r) => setTimeout(r, 200));
    expect(agent.sync.status().enrolled).toBe(false);
    expect(agent.store.notices().filter((n) => n.kind === 'preset_refused')).toEqual([]);
    await agent.stop();
  });
});
