// One outgoing HTTP request, as the hub makes them to CRMs and webhook receivers: through the
// egress guard, with a timeout, never following a redirect (a redirect is reported, so it cannot
// lead the hub to an address the guard would refuse), the answer read up to a bound.
import http from 'node:http';
import https from 'node:https';
import { checkLiteral, EgressRefused, guardedLookup, type AllowList } from './guard.ts';

export interface Egress {
  allow: AllowList;
  /** Extra trusted certificate authorities (an on-premises CRM with its own CA; tests). */
  ca?: string | undefined;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class EgressError extends Error {
  /** Network-level: the request may or may not have reached the other side. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'EgressError';
    this.code = code;
  }
}

const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** A keep-alive agent for one remote account (a CRM portal): TLS is negotiated once. */
export function agentFor(egress: Egress, protocol: 'http:' | 'https:'): http.Agent {
  const lookup = guardedLookup(egress.allow);
  return protocol === 'https:'
    ? new https.Agent({ keepAlive: true, maxSockets: 4, lookup, ...(egress.ca ? { ca: egress.ca } : {}) })
    : new http.Agent({ keepAlive: true, maxSockets: 4, lookup });
}

export function request(
  egress: Egress,
  url: string,
  init: { method: 'GET' | 'POST' | 'PATCH'; headers?: Record<string, string>; body?: string; timeoutMs: number; agent?: http.Agent },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
      if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new EgressRefused(`${target.protocol} addresses are not called.`);
      checkLiteral(egress.allow, target.hostname);
    } catch (error) {
      reject(error instanceof EgressRefused ? error : new EgressError('invalid_url', `Not an address the hub can call: ${(error as Error).message}`));
      return;
    }
    const lib = target.protocol === 'https:' ? https : http;
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const req = lib.request(
      target,
      {
        method: init.method,
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        agent: init.agent ?? false,
        lookup: guardedLookup(egress.allow),
        ...(egress.ca && target.protocol === 'https:' ? { ca: egress.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            req.destroy(new EgressError('answer_too_large', 'The answer was larger than 8 MB.'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => reject(network(error)));
      },
    );
    req.setTimeout(init.timeoutMs, () => req.destroy(new EgressError('timeout', `No answer within ${Math.round(init.timeoutMs / 1000)} s.`)));
    req.on('error', (error) => reject(error instanceof EgressRefused || error instanceof EgressError ? error : network(error)));
    req.end(body);
  });
}

function network(error: Error & { code?: string }): Error {
  if (error instanceof EgressRefused || (error as { name?: string }).name === 'EgressRefused') return error;
  const code = error.code ?? 'network';
  const words: Record<string, string> = {
    ENOTFOUND: 'The address does not resolve (check the host name).',
    ECONNREFUSED: 'The connection was refused.',
    ECONNRESET: 'The connection was cut before an answer came.',
    ETIMEDOUT: 'The connection timed out.',
    EHOSTUNREACH: 'The host is unreachable.',
    CERT_HAS_EXPIRED: 'Its TLS certificate has expired.',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'Its TLS certificate is self-signed and not trusted.',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'Its TLS certificate is not trusted.',
    ERR_TLS_CERT_ALTNAME_INVALID: 'Its TLS certificate is for another host name.',
  };
  return new EgressError(code, words[code] ?? `${error.message}`);
}
