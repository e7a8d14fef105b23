// The update feed's tables as Kysely sees them (db/schema.ts's DB includes these).

export type ReleaseState = 'rolling' | 'paused' | 'halted' | 'complete';
export type FileRole = 'installer' | 'blockmap' | 'other';
export type UpdateEventKind = 'offered' | 'downloaded' | 'failed';

export interface ReleasesTable {
  id: string;
  org_id: string;
  channel: string;
  version: string;
  state: ReleaseState;
  percent: number;
  teams: string;
  manifests: string;
  published_by: string | null;
  published_at: number;
  updated_at: number;
}

export interface ReleaseFilesTable {
  release_id: string;
  org_id: string;
  channel: string;
  name: string;
  sha512: string;
  size: number;
  role: FileRole;
}

export interface UpdateEventsTable {
  release_id: string;
  device_id: string;
  kind: UpdateEventKind;
  first_at: number;
  last_at: number;
  detail: string | null;
}

export interface DeviceVersionsTable {
  device_id: string;
  version: string;
  reported_at: number;
}

export interface UpdatesTables {
  releases: ReleasesTable;
  release_files: ReleaseFilesTable;
  update_events: UpdateEventsTable;
  device_versions: DeviceVersionsTable;
}
