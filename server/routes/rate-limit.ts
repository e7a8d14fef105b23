// The 429 body in the hub's error shape; @fastify/rate-limit has already set Retry-After.
import { HubError } from '../errors.ts';

export function rateLimitError(_request: unknown, context: { after: string; statusCode: number }): HubError {
  return new HubError(429, 'rate_limited', `Too many requests; retry in ${context.after}.`);
}
