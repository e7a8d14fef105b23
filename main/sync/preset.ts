// A fleet preset: the hub's address and an enrollment code an admin baked into the deployment,
// so the agent enrolls itself on its first start and the manager types nothing. The first found
// wins: environment variables (ZVIT_HUB_URL, ZVIT_ENROLLMENT_CODE); a zvit-preset.json beside
// the executable (what the Windows installer writes from /HUB= /CODE=, or what an admin copies
// next to the app); the same file in the machine's settings folder (for deployment tools that
// must not touch a signed app bundle, as on macOS); or nothing.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LocalStore } from '../store/local-store.ts';
import { HubError } from './hub-client.ts';
import type { SyncLoop } from './sync-loop.ts';

export const PRESET_FILE = 'zvit-preset.json';

export interface Preset {
  hubUrl: string;
  code: string | null;
  /** The update channel, default stable. */
  channel: string | null;
  /** Where it came from, for the log and the privacy view. */
  source: string;
}

const PresetFileSchema = z
  .object({
    hubUrl: z.string().trim().min(1).max(2000),
    enrollmentCode: z.string().trim().min(1).max(64).optional(),
    channel: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/).optional(),
  })
  .strict();

export class PresetError extends Error {}

/** The machine-wide folder a deployment tool may put zvit-preset.json in. */
export function machinePresetDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'Zvit');
  if (platform === 'darwin') return '/Library/Application Support/Zvit';
  return '/etc/zvit';
}

/** The preset in force, or null. A preset that is there but broken is an error, not silence. */
export function loadPreset(env: NodeJS.ProcessEnv, execDir: string | null, machineDir: string | null = null): Preset | null {
  if (env.ZVIT_HUB_URL) {
    return { hubUrl: env.ZVIT_HUB_URL, code: env.ZVIT_ENROLLMENT_CODE || null, channel: env.ZVIT_UPDATE_CHANNEL || null, source: 'the environment (ZVIT_HUB_URL)' };
  }
  for (const dir of [execDir, machineDir]) {
    if (!dir) continue;
    const preset = readPresetFile(path.join(dir, PRESET_FILE));
    if (preset) return preset;
  }
  return null;
}

function readPresetFile(file: string): Preset | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let parsed;
  try {
    // A BOM is what Windows tools (Notepad, PowerShell's Out-File) often put first.
    parsed = PresetFileSchema.safeParse(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    throw new PresetError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed.success) throw new PresetError(`${file}: ${z.prettifyError(parsed.error)}`);
  return { hubUrl: parsed.data.hubUrl, code: parsed.data.enrollmentCode ?? null, channel: parsed.data.channel ?? null, source: file };
}

/** Codes after which trying the same preset again cannot help. */
const FINAL = new Set(['code_invalid', 'code_expired', 'code_used_up', 'device_taken', 'not_a_hub']);

export interface PresetEnrollment {
  /** Resolves when enrolled, refused for good, or stopped. */
  done: Promise<'enrolled' | 'already' | 'refused' | 'stopped' | 'no-code'>;
  stop(): void;
}

/**
 * Enrolls with the preset unless this device is enrolled already. Network trouble is retried
 * (30 s doubling to 30 min); a refusal is told to the manager as a notice and not retried for
 * that code on later starts.
 */
export function enrollFromPreset(options: { sync: SyncLoop; store: LocalStore; preset: Preset; now: () => number; log: (message: string) => void; retryMs?: number }): PresetEnrollment {
  const { sync, store, preset, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    wake?.();
  };
  const done = (async () => {
    if (sync.enrolled) return 'already' as const;
    if (!preset.code) {
      log(`Preset from ${preset.source} names the hub ${preset.hubUrl} but no enrollment code; enroll from the app with a code from your lead.`);
      return 'no-code' as const;
    }
    const key = `${preset.hubUrl}\u0000${preset.code}`;
    if (store.meta('preset_refused') === key) return 'refused' as const;
    let delay = options.retryMs ?? 30_000;
    while (!stopped) {
      try {
        await sync.enroll(preset.hubUrl, preset.code);
        log(`Enrolled with ${preset.hubUrl} from the preset in ${preset.source}.`);
        return 'enrolled' as const;
      } catch (error) {
        const code = error instanceof HubError ? error.code : 'internal';
        const message = error instanceof Error ? error.message : String(error);
        if (FINAL.has(code)) {
          store.setMeta('preset_refused', key);
          store.addNotice(options.now(), 'preset_refused', `Zvit could not connect to your team's hub (${preset.hubUrl}) with the code your admin set up: ${message} Ask your lead for a new code.`);
          log(`Preset enrollment refused: ${message}`);
          return 'refused' as const;
        }
        log(`Preset enrollment with ${preset.hubUrl} failed (${message}); trying again in ${Math.round(delay / 1000)} s.`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, delay);
        timer.unref?.();
      });
      delay = Math.min(delay * 2, 30 * 60_000);
    }
    return 'stopped' as const;
  })();
  return { done, stop };
}
