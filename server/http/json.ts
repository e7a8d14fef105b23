// What JSON the hub reads. Nesting is bounded (a 5,000-deep body would otherwise run recursive
// code into the stack limit: a 500 instead of a 400), and strings may not hold NUL, which
// PostgreSQL cannot store in text: refused as bad input on both databases alike.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HubError } from '../errors.ts';

/** Deeper than anything the API takes (a policy is about six levels). */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text, counted without parsing it. */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

/** Replaces Fastify's JSON parser with the same parser behind a depth check. */
export function boundedJsonParser(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text, maxDepth) > maxDepth) {
      done(new HubError(400, 'invalid_request', `The JSON is nested more than ${maxDepth} levels deep.`), undefined);
      return;
    }
    parse(request, text, done);
  });
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The path of the first string (or key) holding a NUL, or null. */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(value)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  // Only what JSON makes: plain objects. A body that is a stream or a Buffer (an upload) is not
  // text, and walking a stream's fields would never end.
  if (value && typeof value === 'object' && isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return at;
      const found = findNul(inner, at);
      if (found) return found;
    }
  }
  return null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler checks the body's strings itself, item by item (a sync push); see refuseNul. */
    nulCheckedByHandler?: boolean;
  }
}

/**
 * findNul over the fields of a path's parameters or a query. The router makes these objects with
 * prototypes of its own, which findNul (walking only what JSON makes) would pass over.
 */
function fieldsWithNul(value: unknown): string | null {
  return value && typeof value === 'object' ? findNul({ ...value }) : null;
}

/**
 * A preValidation hook: a NUL in a path parameter, the query or the body is a 400 naming where.
 * A route whose body is checked item by item (one bad record must not sink a batch) opts out of
 * the body check with `config: { nulCheckedByHandler: true }`.
 */
export async function refuseNul(request: FastifyRequest): Promise<void> {
  const where =
    (fieldsWithNul(request.params) && `path: ${fieldsWithNul(request.params)}`) ||
    (fieldsWithNul(request.query) && `query: ${fieldsWithNul(request.query)}`) ||
    (!request.routeOptions.config.nulCheckedByHandler && findNul(request.body) && `body: ${findNul(request.body)}`);
  if (where) throw new HubError(400, 'invalid_request', `${where}: text may not contain the NUL character (\\u0000).`);
}
