// Paddle Billing: `Paddle-Signature: ts=<unix s>;h1=<hex HMAC-SHA256 of "<ts>:<raw body>">`, keyed with the
// notification destination's secret key as text. The official SDK allows 5 s of age (WebhooksValidator
// MAX_VALID_TIME_DIFFERENCE); Sluice's default tolerance is the same.
// Signed by: the SDK's own HMAC helper (NodeCrypto.computeHmac, which its WebhooksValidator uses).
// Checked by: the SDK's paddle.webhooks.isSignatureValid.
import { createRequire } from 'node:module';
import { requireInternal, atTimeAsync, standardCases } from '../lib/kit.mjs';

// Constructing the client registers the SDK's Node runtime, which its webhook validator needs.
const { Paddle } = createRequire(import.meta.url)('@paddle/paddle-node-sdk');
const { NodeCrypto } = requireInternal('@paddle/paddle-node-sdk', 'dist/cjs/internal/providers/crypto/node-crypto.js');

export default async function paddle(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version } = ctx;
  const V = `@paddle/paddle-node-sdk@${version('@paddle/paddle-node-sdk')}`;
  const S = 'pdl_ntfset_01jsluicevectors0000000000_sluiceVectorsPaddleSecretKey01';
  const WRONG = 'pdl_ntfset_01jnotconfigured00000000000_notTheConfiguredPaddleKey0';
  const crypto = new NodeCrypto();
  const client = new Paddle('unused-no-api-calls-are-made');
  const sign = async (secret, body, ts) => ({
    'Paddle-Signature': `ts=${ts};h1=${await crypto.computeHmac(`${ts}:${body}`, secret)}`,
    'Content-Type': 'application/json',
  });
  const by = `${V} paddle.webhooks.isSignatureValid (Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      const ok = await atTimeAsync(now, () => client.webhooks.isSignatureValid(body, secret, headers['Paddle-Signature']));
      return { by, result: ok ? 'accepted' : 'rejected' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const event = (id, type, data) => JSON.stringify({
    event_id: id, event_type: type, occurred_at: '2026-11-23T11:59:58.118373Z',
    notification_id: `ntf_${id.slice(4)}`, data,
  });
  const completed = event('evt_01jsluicevec00000000000001', 'transaction.completed', {
    id: 'txn_01jsluicevec0000000000txn1', status: 'completed', customer_id: 'ctm_01jsluicevec000000000000c1',
    currency_code: 'EUR', origin: 'web', subscription_id: 'sub_01jsluicevec000000000000s1',
    details: { totals: { subtotal: '2000', tax: '400', total: '2400', currency_code: 'EUR' } },
  });
  const bodies = [
    ['a transaction.completed event', completed, 'evt_01jsluicevec00000000000001', 'transaction.completed'],
    ['non-ASCII UTF-8 in the body', event('evt_01jsluicevec00000000000002', 'customer.updated', { id: 'ctm_01jsluicevec000000000000c1', name: NON_ASCII_TEXT, email: 'zoë@example.com' }), 'evt_01jsluicevec00000000000002', 'customer.updated'],
    ['a large (128 KiB) body', largeJson({ event_id: 'evt_01jsluicevec00000000000003', event_type: 'subscription.updated', occurred_at: '2026-11-23T11:59:58Z' }, LARGE), 'evt_01jsluicevec00000000000003', 'subscription.updated'],
  ];
  await standardCases(ctx, {
    scheme: 'paddle', producer: `${V} NodeCrypto.computeHmac over "<ts>:<body>" (the helper WebhooksValidator uses)`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 5,
    tamper: (b) => b.replace('"2400"', '"24"'),
  });
  const P = `${V} NodeCrypto.computeHmac`;
  const h = await sign(S, completed, NOW - 2);
  ctx.add('paddle', { description: 'h1 missing from Paddle-Signature', producer: P, secrets: [S], headers: { 'Paddle-Signature': `ts=${NOW - 2}` }, body: completed, expected: 'missing_signature' });
  ctx.add('paddle', { description: 'Paddle-Signature missing', producer: P, secrets: [S], headers: { 'Content-Type': 'application/json' }, body: completed, expected: 'missing_signature' });
  ctx.add('paddle', { description: 'ts changed after signing', producer: P, secrets: [S], headers: { 'Paddle-Signature': h['Paddle-Signature'].replace(`ts=${NOW - 2}`, `ts=${NOW - 1}`) }, body: completed, expected: 'invalid_signature', official: await official(completed, { 'Paddle-Signature': h['Paddle-Signature'].replace(`ts=${NOW - 2}`, `ts=${NOW - 1}`) }, S, NOW) });
}
