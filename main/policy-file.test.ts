import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy, type Policy } from '../shared/policy.ts';
import { PolicyFile } from './policy-file.ts';

let dir: string;
let file: string;
const stops: (() => void)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zvit-policy-'));
  file = join(dir, 'policy.json');
});

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await rm(dir, { recursive: true, force: true });
});

const write = (value: unknown) => writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));

/** Collects what a watch reports, and waits for the next report of either kind. */
function watchEvents(policyFile: PolicyFile) {
  const changes: Policy[] = [];
  const errors: string[] = [];
  let wake: (() => void) | undefined;
  const stop = policyFile.watch(
    (p) => {
      changes.push(p);
      wake?.();
    },
    (e) => {
      errors.push(e);
      wake?.();
    },
  );
  stops.push(stop);
  return {
    changes,
    errors,
    stop,
    /** Resolves once `count` reports have arrived in total, or fails after a generous timeout. */
    until(count: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (changes.length + errors.length >= count) {
            clearTimeout(timeout);
            wake = undefined;
            resolve();
          }
        };
        const timeout = setTimeout(
          () => reject(new Error(`timed out waiting for ${count} reports: ${JSON.stringify({ changes, errors })}`)),
          5000,
        );
        wake = check;
        check();
      });
    },
  };
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('PolicyFile.load', () => {
  it('uses the defaults when the file is missing', async () => {
    const pf = new PolicyFile(file);
    expect(await pf.load()).toEqual({ ok: true, policy: defaultPolicy(), source: 'defaults' });
    expect(pf.current).toEqual(defaultPolicy());
    expect(pf.error).toBeNull();
  });

  it('keeps the last valid policy through a bad edit, then takes the fixed one', async () => {
    const pf = new PolicyFile(file);

    await write({ idleThresholdSec: 600 });
    const first = await pf.load();
    expect(first).toMatchObject({ ok: true, source: 'file' });
    expect(pf.current.idleThresholdSec).toBe(600);

    await write({ idleThresholdSec: 600, titles: { capture: 'redacted', redact: [{ pattern: 'ok' }, { pattern: '[' }] } });
    const bad = await pf.load();
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toContain(file);
    expect(bad.error).toMatch(/titles\.redact\[1\]\.pattern: invalid regular expression/);
    expect(bad.policy.idleThresholdSec).toBe(600);
    expect(bad.policy.titles.capture).toBe('full');
    expect(pf.current).toBe(bad.policy);
    expect(pf.error).toBe(bad.error);

    await write({ idleThresholdSec: 900 });
    const fixed = await pf.load();
    expect(fixed).toMatchObject({ ok: true, source: 'file' });
    expect(pf.current.idleThresholdSec).toBe(900);
    expect(pf.error).toBeNull();
  });

  it('reports invalid JSON with the file path and keeps the policy in force', async () => {
    const pf = new PolicyFile(file);
    await write({ sampleIntervalSec: 5 });
    await pf.load();

    await write('{ "sampleIntervalSec": 2, }');
    const bad = await pf.load();
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^${escape(file)}: invalid JSON: `)) });
    expect(pf.current.sampleIntervalSec).toBe(5);
  });

  it('prefixes every problem with the file path', async () => {
    const pf = new PolicyFile(file);
    await write({ idleThresholdSec: 1, schedule: { start: '9:00' } });
    const bad = await pf.load();
    if (bad.ok) throw new Error('expected an error');
    expect(bad.error.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${escape(file)}: idleThresholdSec: `)),
      expect.stringMatching(new RegExp(`^${escape(file)}: schedule\\.start: `)),
    ]);
  });

  it('reads a file saved with a UTF-8 byte-order mark', async () => {
    const pf = new PolicyFile(file);
    await write('\uFEFF{"dayStart": "05:00"}');
    expect(await pf.load()).toMatchObject({ ok: true });
    expect(pf.current.dayStart).toBe('05:00');
  });

  it('reports a path that cannot be read as a file', async () => {
    const pf = new PolicyFile(dir);
    expect(await pf.load()).toMatchObject({ ok: false, error: expect.stringContaining('cannot read the file') });
  });
});

describe('PolicyFile.watch', () => {
  it('picks up a file rewritten in place', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    const events = watchEvents(pf);

    await write({ idleThresholdSec: 700 });
    await events.until(1);
    expect(events.changes.map((p) => p.idleThresholdSec)).toEqual([700]);
    expect(events.errors).toEqual([]);
    expect(pf.current.idleThresholdSec).toBe(700);
  });

  it('picks up a file replaced by an atomic rename, again and again', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    const events = watchEvents(pf);

    // What editors and config tools do: write a temp file beside it, rename it over the old one.
    for (const [i, seconds] of [700, 800].entries()) {
      const tmp = join(dir, `.policy.json.${seconds}.tmp`);
      await writeFile(tmp, JSON.stringify({ idleThresholdSec: seconds }));
      await rename(tmp, file);
      await events.until(i + 1);
    }
    expect(events.changes.map((p) => p.idleThresholdSec)).toEqual([700, 800]);
    expect(events.errors).toEqual([]);
  });

  it('reports a bad edit once, keeps the policy, then takes the fix', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    const events = watchEvents(pf);

    await write({ idleThresholdSec: 600, excludedApps: [{}] });
    await events.until(1);
    expect(events.errors).toHaveLength(1);
    expect(events.errors[0]).toBe(`${file}: excludedApps[0]: empty matcher: give at least one of app, exe, title, domain`);
    expect(pf.current.idleThresholdSec).toBe(600);

    await write({ idleThresholdSec: 650 });
    await events.until(2);
    expect(events.changes.map((p) => p.idleThresholdSec)).toEqual([650]);
    expect(events.errors).toHaveLength(1);
  });

  it('goes back to the defaults when the file is deleted', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    const events = watchEvents(pf);

    await unlink(file);
    await events.until(1);
    expect(events.changes).toEqual([defaultPolicy()]);
  });

  it('stays quiet for changes to other files and for saves that change nothing', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    const events = watchEvents(pf);

    await writeFile(join(dir, 'other.json'), '{ broken');
    await write({ idleThresholdSec: 600 });
    await settle();
    expect(events.changes).toEqual([]);
    expect(events.errors).toEqual([]);
  });

  it('catches a change made between load() and watch()', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    await write({ idleThresholdSec: 700 });
    const events = watchEvents(pf);
    await events.until(1);
    expect(events.changes.map((p) => p.idleThresholdSec)).toEqual([700]);
  });

  it('reports nothing after stop', async () => {
    await write({ idleThresholdSec: 600 });
    const pf = new PolicyFile(file, { debounceMs: 20 });
    await pf.load();
    const events = watchEvents(pf);
    events.stop();

    await write({ idleThresholdSec: 700 });
    await settle();
    expect(events.changes).toEqual([]);
    expect(events.errors).toEqual([]);
  });

  it('reports a directory that cannot be watched', () => {
    const pf = new PolicyFile(join(dir, 'missing', 'policy.json'));
    const errors: string[] = [];
    stops.push(pf.watch(() => {}, (e) => errors.push(e)));
    expect(errors).toEqual([expect.stringContaining('cannot watch')]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
