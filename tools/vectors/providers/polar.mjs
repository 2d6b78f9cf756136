// Polar: Standard Webhooks headers (`webhook-id`, `webhook-timestamp` in unix s, `webhook-signature: v1,<base64
// HMAC-SHA256 of "<id>.<timestamp>.<raw body>">`, 300 s), keyed with the UTF-8 bytes of the endpoint secret as
// Polar shows it (`polar_whs_…`): Polar's sender (polar server, webhook_event.send) does
// `StandardWebhook(base64.b64encode(secret.encode("utf-8")))`, so the key is the secret's text, not a decoded
// `whsec_` key. Event id `webhook-id` (the event's id, repeated on retries), type `/type`, time `/timestamp`,
// subject `/data/id`.
// Signed by: `standardwebhooks` Webhook.sign (the reference library Polar's sender uses), given the secret the
// same way. Checked by: the official SDK's webhooks.validateEvent (@polar-sh/sdk, API version 2027-01), every case.
import { createRequire } from 'node:module';
import { atTimeAsync, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');
const { webhooks: polarWebhooks } = require('@polar-sh/sdk/2027-01');

export default async function polar(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version } = ctx;
  const SW = `standardwebhooks@${version('standardwebhooks')}`;
  const V = `@polar-sh/sdk@${version('@polar-sh/sdk')}`;
  const S = 'polar_whs_SluiceVectorsPolarWebhookSecret0000000001';
  const WRONG = 'polar_whs_NotThePolarWebhookSecret000000000000000000';
  const b64 = (secret) => Buffer.from(secret, 'utf8').toString('base64');
  const bodies = [
    ['an order.paid event', JSON.stringify({ type: 'order.paid', timestamp: '2026-11-23T11:59:55.000000Z', data: { id: '9f1c2a7e-4b3d-4e8f-9a1b-2c3d4e5f6a7b', created_at: '2026-11-23T11:59:50.000000Z', status: 'paid', paid: true, customer_id: '992fae2a-2a17-4b7a-8d9e-e287cf90131b', product_id: 'e3a8c2b1-4d5f-4a6b-9c7d-8e9f0a1b2c3d', total_amount: 2000, currency: 'usd', billing_reason: 'purchase' } }), '01974d1c-6a3b-7f2e-9c8d-0e1f2a3b4c5d', 'order.paid'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ type: 'customer.updated', timestamp: '2026-11-23T11:59:56.000000Z', data: { id: '992fae2a-2a17-4b7a-8d9e-e287cf90131b', email: 'kunde@example.com', name: NON_ASCII_TEXT } }), '01974d1c-6a3b-7f2e-9c8d-0e1f2a3b4c5e', 'customer.updated'],
    ['a large (128 KiB) body', largeJson({ type: 'subscription.updated', timestamp: '2026-11-23T11:59:57.000000Z', data: { id: 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e', status: 'active' } }, LARGE), '01974d1c-6a3b-7f2e-9c8d-0e1f2a3b4c5f', 'subscription.updated'],
  ];
  const ids = new Map(bodies.map(([, body, id]) => [body, id]));
  const sign = async (secret, body, ts) => {
    const id = ids.get(body) ?? bodies[0][2];
    return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': new Webhook(b64(secret)).sign(id, new Date(ts * 1000), body), 'Content-Type': 'application/json' };
  };
  const by = `${V} webhooks.validateEvent (2027-01; tolerance 300 s both ways; Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      await atTimeAsync(now, () => polarWebhooks.validateEvent(body, headers, secret));
      return { by, result: 'accepted' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  await standardCases(ctx, {
    scheme: 'polar', producer: `${SW} Webhook.sign with base64(UTF-8 secret), as Polar's sender keys it; each case checked by ${V}`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('2000', '20'),
  });
  const P = `${SW} Webhook.sign, checked by ${V}`;
  const [, body, id] = bodies[0];
  const ts = NOW - 3;
  // A secret that also reads as base64: the key is still its text (Polar never decodes it).
  const B64LIKE = 'c2x1aWNlLXBvbGFyLXNlY3JldA==';
  const h64 = await sign(B64LIKE, body, ts);
  ctx.add('polar', { description: 'a secret that is also valid base64: the key is still its UTF-8 text', producer: P, secrets: [B64LIKE], headers: h64, body, expected: 'verified', eventId: id, eventType: 'order.paid', official: await official(body, h64, B64LIKE, NOW) });
  const h = await sign(S, body, ts);
  delete h['webhook-id'];
  ctx.add('polar', { description: 'webhook-id missing', producer: P, secrets: [S], headers: h, body, expected: 'missing_event_id', official: await official(body, h, S, NOW) });
}
