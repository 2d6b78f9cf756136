// GoCardless: `Webhook-Signature` = hex HMAC-SHA256 of the raw body, keyed with the endpoint secret as text.
// A delivery carries a batch: `{"events":[...], "meta":{"webhook_id":"WB..."}}`; the webhook id is the event
// id, the first event gives type (`<resource_type>.<action>`), time and subject. No timestamp is signed.
// Signed by: Node crypto per the SDK's verifySignature. Checked by: the official SDK's webhooks.parse.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const webhooks = require('gocardless-nodejs/webhooks');

export default async function gocardless(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version, verdict } = ctx;
  const V = `gocardless-nodejs@${version('gocardless-nodejs')}`;
  const S = 'sluice-vectors-gocardless-endpoint-secret';
  const WRONG = 'not-the-gocardless-endpoint-secret';
  const sign = async (secret, body) => ({ 'Webhook-Signature': createHmac('sha256', secret).update(body).digest('hex'), 'Content-Type': 'application/json', Origin: 'https://api.gocardless.com' });
  const official = async (body, headers, secret) => verdict(`${V} webhooks.parse`, () => webhooks.parse(body, secret, headers['Webhook-Signature']));
  const batch = (webhookId, events) => JSON.stringify({ events, meta: { webhook_id: webhookId } });
  const ev = (id, resourceType, action, links, extra = {}) => ({
    id, created_at: '2026-11-23T11:59:57.000Z', resource_type: resourceType, action, links,
    details: { origin: 'gocardless', cause: 'payment_confirmed', description: 'Enough time has passed since the payment was submitted for the banks to return an error, so this payment is now confirmed.', ...extra },
    metadata: {},
  });
  const bodies = [
    ['a payments.confirmed event', batch('WB0000SLUICE01', [ev('EV0000SLUICE01', 'payments', 'confirmed', { payment: 'PM0000SLUICE01' })]), 'WB0000SLUICE01', 'payments.confirmed'],
    ['a batch of two events with non-ASCII UTF-8', batch('WB0000SLUICE02', [ev('EV0000SLUICE02', 'mandates', 'created', { mandate: 'MD0000SLUICE02' }, { description: NON_ASCII_TEXT }), ev('EV0000SLUICE03', 'mandates', 'submitted', { mandate: 'MD0000SLUICE02' })]), 'WB0000SLUICE02', 'mandates.created'],
    ['a large (128 KiB) body', largeJson({ events: [ev('EV0000SLUICE04', 'payouts', 'paid', { payout: 'PO0000SLUICE04' })], meta: { webhook_id: 'WB0000SLUICE03' } }, LARGE), 'WB0000SLUICE03', 'payouts.paid'],
  ];
  await standardCases(ctx, {
    scheme: 'gocardless', producer: `node-crypto per ${V} webhooks.verifySignature (hex HMAC-SHA256 of the body)`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official,
    tamper: (b) => b.replace('PM0000SLUICE01', 'PM0000SLUICE09'),
  });
}
