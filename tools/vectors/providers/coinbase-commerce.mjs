// Coinbase Commerce: `X-CC-Webhook-Signature` = hex HMAC-SHA256 of the raw body, keyed with the endpoint's
// shared secret as text. The body wraps the event: `/event/id`, `/event/type`, `/event/created_at`; the top
// level `id` names the delivery. No timestamp is signed.
// Signed by: the official SDK's Webhook.computeSignature. Checked by: its Webhook.verifyEventBody.
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('coinbase-commerce-node');

export default async function coinbaseCommerce(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version, verdict } = ctx;
  const V = `coinbase-commerce-node@${version('coinbase-commerce-node')}`;
  const S = 'sluice-vectors-coinbase-commerce-shared-secret';
  const WRONG = 'not-the-coinbase-commerce-secret';
  const sign = async (secret, body) => ({ 'X-CC-Webhook-Signature': Webhook.computeSignature(body, secret), 'Content-Type': 'application/json' });
  const official = async (body, headers, secret) => verdict(`${V} Webhook.verifyEventBody`,
    () => Webhook.verifyEventBody(body, headers['X-CC-Webhook-Signature'], secret));
  const delivery = (n, type, data) => JSON.stringify({
    attempt_number: 1,
    event: { api_version: '2018-03-22', created_at: '2026-11-23T11:59:57Z', data, id: `24934862-d980-46cb-9402-43c81b0cd${String(n).padStart(3, '0')}`, resource: 'event', type },
    id: `1f23ca5a-70b5-4bbd-8d6c-0f1c8a5f2${String(n).padStart(3, '0')}`, scheduled_for: '2026-11-23T11:59:57Z',
  });
  const charge = (code, name) => ({ code, id: 'f765421f-2dda-4b1d-9a8d-9b7dbb6fc123', name, description: 'Sluice vectors', pricing_type: 'fixed_price', pricing: { local: { amount: '100.00', currency: 'USD' } } });
  const bodies = [
    ['a charge:confirmed event', delivery(1, 'charge:confirmed', charge('66BEOV2A', 'The Sovereign Individual')), '24934862-d980-46cb-9402-43c81b0cd001', 'charge:confirmed'],
    ['non-ASCII UTF-8 in the body', delivery(2, 'charge:created', charge('77CFPW3B', NON_ASCII_TEXT)), '24934862-d980-46cb-9402-43c81b0cd002', 'charge:created'],
    ['a large (128 KiB) body', largeJson({ attempt_number: 1, event: { id: '24934862-d980-46cb-9402-43c81b0cd003', type: 'charge:pending', created_at: '2026-11-23T11:59:57Z', data: {} } }, LARGE), '24934862-d980-46cb-9402-43c81b0cd003', 'charge:pending'],
  ];
  await standardCases(ctx, {
    scheme: 'coinbase-commerce', producer: `${V} Webhook.computeSignature`, secret: S, wrong: WRONG, bodies, deliver: sign, official,
    tamper: (b) => b.replace('100.00', '1.00'),
  });
}
