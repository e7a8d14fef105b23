// The IPC guard with `electron` mocked: every method of the contract is registered, each checks
// its sender first and its input second, and errors come back as the contract's error body.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../test/electron-stand-in.ts'));

import { ApiError, type AgentHandlers } from '../../shared/api.ts';
import { AGENT_METHODS, agentChannel, DESKTOP_CHANNELS } from '../../shared/desktop.ts';
import { standIn } from '../../test/electron-stand-in.ts';
import { registerIpc } from './ipc.ts';

const own = { url: 'app://zvit/index.html', parent: null };
const calls: { method: string; input: unknown }[] = [];
const handlers = new Proxy({} as AgentHandlers, {
  get: (_t, method: string) => async (input: unknown) => {
    calls.push({ method, input });
    if (method === 'clockOut') throw new ApiError('not_clocked_in', 'You are not clocked in.', 409);
    if (method === 'syncNow') throw new Error('disk on fire');
    return { method };
  },
});
const opened: unknown[] = [];
const log: string[] = [];

beforeEach(() => {
  standIn.reset();
  calls.length = 0;
  opened.length = 0;
  registerIpc(handlers, { openMain: (r) => void opened.push(r) }, (m) => log.push(m));
});

const invoke = (channel: string, input: unknown, senderFrame: { url: string; parent: unknown } | null = own) => standIn.ipc.get(channel)!({ sender: null, senderFrame }, input);

describe('IPC handlers', () => {
  it('exist for every method of the contract and nothing else', () => {
    expect([...standIn.ipc.keys()].sort()).toEqual([...AGENT_METHODS.map((m) => agentChannel(m)), DESKTOP_CHANNELS.openMain].sort());
  });

  it('answer our own top-level app:// page', async () => {
    expect(await invoke(agentChannel('clockIn'), {})).toEqual({ ok: true, result: { method: 'clockIn' } });
    expect(await invoke(agentChannel('setLabel'), { label: 'call' })).toEqual({ ok: true, result: { method: 'setLabel' } });
    expect(calls).toEqual([
      { method: 'clockIn', input: {} },
      { method: 'setLabel', input: { label: 'call' } },
    ]);
  });

  it.each([
    ['another site', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///home/olena/zvit.html', parent: null }],
    ['another app:// host', { url: 'app://evil/index.html', parent: null }],
    ['a look-alike host', { url: 'app://zvit.evil/index.html', parent: null }],
    ['a frame inside our page', { url: 'app://zvit/index.html', parent: {} }],
    ['a frame that is gone', null],
    ['an unparsable URL', { url: 'not a url', parent: null }],
  ])('refuse %s before looking at the input', async (_what, frame) => {
    expect(await invoke(agentChannel('clockIn'), {}, frame)).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    expect(await invoke(agentChannel('savePlan'), { junk: true }, frame)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['clockIn', { now: 1 }],
    ['setLabel', { label: 42 }],
    ['setLabel', { label: 'x'.repeat(201) }],
    ['resolveIdle', { decision: 'forget' }],
    ['day', { date: 'yesterday' }],
    ['enroll', { hubUrl: '', code: 'X' }],
    ['export', { from: '2026-03-02', to: '2026-03-01', format: 'json' }],
    ['savePlan', 'a string'],
  ] as const)('refuse %s with %j: the shared schema decides, the agent never sees it', async (method, input) => {
    const reply = await invoke(agentChannel(method), input);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input', status: 400 } });
    expect(calls).toEqual([]);
  });

  it("pass the agent's refusals on with their code, and hide nothing else", async () => {
    expect(await invoke(agentChannel('clockOut'), {})).toEqual({ ok: false, error: { code: 'not_clocked_in', message: 'You are not clocked in.', status: 409 } });
    expect(await invoke(agentChannel('syncNow'), {})).toMatchObject({ ok: false, error: { code: 'internal', message: 'disk on fire', status: 500 } });
    expect(log.some((l) => l.includes('syncNow failed'))).toBe(true);
  });

  it('open the main window only at a known screen', async () => {
    expect(await invoke(DESKTOP_CHANNELS.openMain, { screen: 'plan' })).toEqual({ ok: true });
    expect(await invoke(DESKTOP_CHANNELS.openMain, { screen: 'file:///etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(opened).toEqual([{ screen: 'plan' }]);
  });
});
