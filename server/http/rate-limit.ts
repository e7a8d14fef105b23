// Request budgets per minute (@fastify/rate-limit), and the 429 body in the hub's error shape;
// the plugin has already set Retry-After.
import type { FastifyRequest } from 'fastify';
import { HubError } from '../errors.ts';

export function rateLimitError(_request: unknown, context: { after: string; statusCode: number }): HubError {
  return new HubError(429, 'rate_limited', `Too many requests; retry in ${context.after}.`);
}

/** Per client address, `max` a minute. */
export function perAddress(max: number) {
  return { rateLimit: { max, timeWindow: 60_000, errorResponseBuilder: rateLimitError } };
}

/**
 * A budget per authenticated caller, and a smaller one per address for requests that do not
 * authenticate (so bogus credentials share one budget instead of each getting its own).
 * `identify` runs in the route's onRequest hook, before the limit is counted; it returns the
 * caller's stable id (a device id, never the raw credential text) or null.
 */
export function perCaller(identify: (request: FastifyRequest) => Promise<string | null>, max: { authenticated: number; anonymous: number }) {
  const callers = new WeakMap<FastifyRequest, string | null>();
  return {
    onRequest: async (request: FastifyRequest) => {
      callers.set(request, await identify(request));
    },
    config: {
      rateLimit: {
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => {
          const caller = callers.get(request);
          return caller ? `c:${caller}` : `ip:${request.ip}`;
        },
        max: (_request: FastifyRequest, key: string) => (key.startsWith('c:') ? max.authenticated : max.anonymous),
        errorResponseBuilder: rateLimitError,
      },
    },
  };
}
