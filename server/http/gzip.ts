// Agents gzip their batches (a day of spans compresses about tenfold). Fastify counts the bytes
// of the stream this hook returns, so the body limit applies to the decompressed JSON. Fastify
// stops listening at the limit but does not stop the stream, so a gzip bomb would go on being
// inflated (CPU for nothing) after the 413: this hook stops inflating itself once the limit is
// passed and drains the rest of the compressed upload without inflating it.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { HubError } from '../errors.ts';

export interface InflateStats {
  /** Bytes of decompressed body produced, all requests together. */
  inflatedBytes: number;
}

export function gunzipRequestBody(stats: InflateStats = { inflatedBytes: 0 }) {
  return async function gunzip(request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    if (!encoding || encoding === 'identity') return payload;
    if (encoding !== 'gzip') throw new HubError(415, 'unsupported_media_type', `Content-Encoding "${encoding}" is not accepted; send gzip or nothing.`);
    const limit = request.routeOptions.bodyLimit;
    // Fastify checks Content-Length against receivedEncodedLength when the body was transformed.
    const inflater = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
    let inflated = 0;
    payload.on('data', (chunk: Buffer) => {
      inflater.receivedEncodedLength += chunk.length;
    });
    // Registered before Fastify's reader, so it sees each chunk first; Fastify then sees the same
    // chunk pass the limit and answers 413.
    inflater.on('data', (chunk: Buffer) => {
      inflated += chunk.length;
      stats.inflatedBytes += chunk.length;
      if (inflated > limit) {
        payload.unpipe(inflater);
        inflater.destroy();
        payload.resume();
      }
    });
    // A corrupt stream reaches Fastify through the returned stream's 'error' as a 400.
    payload.on('error', (error) => inflater.destroy(error));
    payload.pipe(inflater);
    return inflater;
  };
}
