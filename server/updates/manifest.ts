// electron-builder's update manifests (latest.yml, latest-mac.yml, latest-linux.yml): read when a
// release is published, written back (with the hub's decision in it) when an agent checks.
import yaml from 'js-yaml';
import semver from 'semver';
import { z } from 'zod';
import { HubError } from '../errors.ts';

/** latest.yml (Windows), latest-mac.yml, latest-linux.yml and latest-linux-<arch>.yml. */
export const MANIFEST_NAME = /^latest(-mac|-linux(-[a-z0-9_]+)?)?\.yml$/;
/** What a file of a release may be called: a plain name, as electron-builder writes them. */
export const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,199}$/;

const Sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'expected a base64 sha512');

const ManifestSchema = z
  .object({
    version: z.string().refine((v) => semver.valid(v) !== null, 'expected a semantic version such as 1.4.2'),
    files: z
      .array(z.object({ url: z.string(), sha512: Sha512, size: z.number().int().nonnegative().optional() }).loose())
      .min(1, 'lists no files'),
    path: z.string().optional(),
    sha512: Sha512.optional(),
    releaseDate: z.string().optional(),
    stagingPercentage: z.unknown().optional(),
  })
  .loose();

export type Manifest = z.infer<typeof ManifestSchema>;

export interface ParsedManifest {
  name: string;
  version: string;
  /** The manifest as the hub will serve it (without stagingPercentage). */
  content: Manifest;
  /** Files the manifest names, with the checksum electron-builder computed. */
  files: { name: string; sha512: string; size: number | null }[];
  warnings: string[];
}

export function parseManifest(name: string, text: string): ParsedManifest {
  if (!MANIFEST_NAME.test(name)) throw new HubError(400, 'invalid_request', `${name} is not an update manifest (latest.yml, latest-mac.yml or latest-linux.yml).`);
  let loaded: unknown;
  try {
    // JSON_SCHEMA: plain data only, no YAML tags that build objects.
    loaded = yaml.load(text, { schema: yaml.JSON_SCHEMA, filename: name });
  } catch (error) {
    throw new HubError(400, 'invalid_request', `${name} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  // electron-builder writes `version: 1.2.0`, which YAML reads as a string; `version: 2` would be a number.
  if (loaded && typeof loaded === 'object' && typeof (loaded as { version?: unknown }).version === 'number') {
    (loaded as { version: unknown }).version = String((loaded as { version: number }).version);
  }
  const parsed = ManifestSchema.safeParse(loaded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HubError(400, 'invalid_request', `${name}: ${issue.path.join('.') || 'the file'} ${issue.message}`);
  }
  const warnings: string[] = [];
  const { stagingPercentage, ...content } = parsed.data;
  if (stagingPercentage !== undefined) {
    warnings.push(`${name}: stagingPercentage ${String(stagingPercentage)} ignored; the hub decides the rollout (--percent).`);
  }
  const files = new Map<string, { name: string; sha512: string; size: number | null }>();
  for (const file of content.files) {
    if (!FILE_NAME.test(file.url) || file.url.startsWith('.')) {
      throw new HubError(400, 'invalid_request', `${name}: "${file.url}" must be a plain file name in the release folder (the hub serves the files itself).`);
    }
    files.set(file.url, { name: file.url, sha512: file.sha512, size: file.size ?? null });
  }
  if (content.path !== undefined && !files.has(content.path)) {
    if (!content.sha512) throw new HubError(400, 'invalid_request', `${name}: path ${content.path} has no sha512.`);
    files.set(content.path, { name: content.path, sha512: content.sha512, size: null });
  }
  return { name, version: semver.clean(content.version)!, content, files: [...files.values()], warnings };
}

/** The manifest as served to one device; `rollback` tells its agent it may go back to this version. */
export function renderManifest(content: Manifest, options: { rollback: boolean }): string {
  return yaml.dump(options.rollback ? { ...content, rollback: true } : content, { lineWidth: -1, noRefs: true });
}
