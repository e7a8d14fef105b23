// Agents gzip their batches (a day of spans compresses about tenfold). Fastify counts the bytes
// of the stream this hook returns, so the 1 MB limit applies to the decompressed JSON and a
// small gzip bomb is cut off at 1 MB like any other large body.
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import { HubError } from './errors.ts';

export async function gunzipRequestBody(request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return payload;
  if (encoding !== 'gzip') throw new HubError(415, 'unsupported_media_type', `Content-Encoding "${encoding}" is not accepted; send gzip or nothing.`);
  // Fastify checks Content-Length against receivedEncodedLength when the body was transformed.
  const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => {
    gunzip.receivedEncodedLength += chunk.length;
  });
  pipeline(payload, gunzip, () => {
    // Errors (a corrupt gzip stream) reach Fastify through the returned stream as a 400.
  });
  return gunzip;
}
