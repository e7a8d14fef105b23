// The webhook events in the OpenAPI document (3.1 `webhooks`): each event's body, from the same
// schemas the hub validates it against before sending, with the signature headers.
import { z } from 'zod';
import { WEBHOOK_EVENTS, webhookEventSchema } from '../../shared/integrations.ts';

const headers = {
  'webhook-id': { required: true, schema: { type: 'string' }, description: 'The message id, the same on every retry: deduplicate on it.' },
  'webhook-timestamp': { required: true, schema: { type: 'string' }, description: 'Unix seconds of this attempt.' },
  'webhook-signature': {
    required: true,
    schema: { type: 'string' },
    description: 'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret in force (several during a rotation). Verify with a Standard Webhooks library.',
  },
};

export function webhooksDoc(): Record<string, unknown> {
  return Object.fromEntries(
    WEBHOOK_EVENTS.map((type) => {
      const { $schema: _drop, ...schema } = z.toJSONSchema(webhookEventSchema(type), { io: 'output' });
      return [
        type,
        {
          post: {
            summary: `${type}, sent to endpoints that subscribe to it`,
            parameters: Object.entries(headers).map(([name, h]) => ({ name, in: 'header', ...h })),
            requestBody: { required: true, content: { 'application/json': { schema } } },
            responses: {
              '2XX': { description: 'Delivered.' },
              '410': { description: 'Gone: the endpoint is turned off and the admin is told.' },
              default: { description: 'Retried on the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h), then a dead letter.' },
            },
          },
        },
      ];
    }),
  );
}
