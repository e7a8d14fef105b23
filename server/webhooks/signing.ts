// Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature), made with the
// specification's reference library: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under a
// `whsec_` secret; during a rotation every secret in force signs, space-separated.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function signatureHeaders(secrets: readonly string[], id: string, at: Date, body: string): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(id, at, body));
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
