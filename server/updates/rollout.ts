// Which release a device is offered: decided by the hub, per request, so a rollout can be
// widened, paused or halted at once for every platform (electron-updater's own
// stagingPercentage is decided on the device and cannot be taken back).
import { createHash } from 'node:crypto';
import semver from 'semver';
import type { ReleaseState } from './schema.ts';

export interface RolloutRelease {
  id: string;
  version: string;
  state: ReleaseState;
  /** 0–100: the share of devices (by stable hash) that get it. */
  percent: number;
  /** Teams that get it whatever the percentage. */
  teams: readonly string[];
}

export interface RolloutDevice {
  deviceId: string;
  teamId: string | null;
  /** The version the agent says it runs (with each sync and each update check). */
  currentVersion: string | null;
  /** Releases this device was already offered or took: they stay its own through pauses. */
  alreadyIn: ReadonlySet<string>;
}

export interface Offer {
  release: RolloutRelease;
  /** The device runs a halted release and is offered an older one: it may go back. */
  rollback: boolean;
}

/**
 * Where the device falls for this release, in [0, 100). The same (device, release) always
 * lands in the same place, so raising the percentage keeps everyone already in; each release
 * draws afresh, so the same devices are not always the first to try a new build.
 */
export function bucket(deviceId: string, releaseId: string): number {
  const digest = createHash('sha256').update(`${deviceId}\u0000${releaseId}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

export function isOffered(release: RolloutRelease, device: RolloutDevice): boolean {
  switch (release.state) {
    case 'complete':
      return true;
    case 'halted':
      return false;
    case 'paused':
      // Nobody new: only devices that had it already keep being told about it.
      return device.alreadyIn.has(release.id) || device.currentVersion === release.version;
    case 'rolling':
      return (
        device.alreadyIn.has(release.id) ||
        device.currentVersion === release.version ||
        (device.teamId !== null && release.teams.includes(device.teamId)) ||
        bucket(device.deviceId, release.id) < release.percent
      );
  }
}

/** The newest release this device may have, or null when none is offered to it. */
export function chooseRelease(releases: readonly RolloutRelease[], device: RolloutDevice): Offer | null {
  const newestFirst = [...releases].sort((a, b) => semver.rcompare(a.version, b.version));
  const release = newestFirst.find((r) => isOffered(r, device));
  if (!release) return null;
  const current = device.currentVersion && semver.valid(device.currentVersion) ? device.currentVersion : null;
  const runsHalted = current !== null && releases.some((r) => r.state === 'halted' && semver.eq(r.version, current));
  return { release, rollback: runsHalted && semver.lt(release.version, current) };
}
