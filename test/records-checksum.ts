// Compares what an agent wrote with what a hub holds: count and a checksum over ids and contents.
import crypto from 'node:crypto';

/** JSON with keys sorted at every level, so equal content gives equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function checksum(records: Iterable<{ id: string }>): { count: number; sha256: string } {
  const lines = [...records].map((r) => `${r.id} ${stableJson(r)}`).sort();
  return { count: lines.length, sha256: crypto.createHash('sha256').update(lines.join('\n')).digest('hex') };
}
