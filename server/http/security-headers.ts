// Headers every answer carries, the API's JSON as much as /docs and the dashboard's pages: no
// MIME sniffing, no framing by other sites (clickjacking), no referrer leaking paths elsewhere,
// and a Content-Security-Policy that lets a page run only the hub's own files.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CspOptions {
  /** Extra sources for connect-src (e.g. a CRM the page calls directly); 'self' is always in. */
  connect?: readonly string[];
  /** Extra sources for img-src; 'self' and data: are always in. */
  img?: readonly string[];
}

/**
 * The hub's Content-Security-Policy. Scripts and styles come only from the hub's own files:
 * no inline <script> or <style>, no eval, no style="" attributes in markup (a page sets styles
 * from its script, which CSP allows). Pages served by the hub (the dashboard at /, /docs) must
 * fit it; pass extra sources here rather than writing a second policy.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', ...(options.img ?? [])],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(options.connect ?? [])],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

export function securityHeaders(csp = contentSecurityPolicy()): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    // For browsers that predate frame-ancestors.
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * An onSend hook, so every answer gets them: routes, errors, 404s and the framework's own
 * refusals alike. A route that needs a different value sets its own header, which is kept.
 */
export function securityHeadersHook(csp?: string) {
  const headers = Object.entries(securityHeaders(csp));
  return async function addSecurityHeaders(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const [name, value] of headers) if (!reply.hasHeader(name)) void reply.header(name, value);
  };
}
