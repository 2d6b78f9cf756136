// Linear: `Linear-Signature` = hex HMAC-SHA256 of the raw body; the body's `webhookTimestamp` (epoch ms) must be
// within 60 s of now (both as in @linear/sdk's LinearWebhookClient.verify). Linear's SDK only verifies, so the
// signature is computed with Node's crypto as https://linear.app/developers/webhooks#securing-webhooks describes,
// and every case is run through the SDK's verifier (recorded in official_verifier).
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

export default async function linear(h) {
  const V = `@linear/sdk@${h.version('@linear/sdk')}`;
  const { LinearWebhookClient } = await import('@linear/sdk/webhooks');
  const S = 'lin_wh_sluiceVectorsLinearSecret0001';
  const delivery = '0ff7a3ac-2b41-4c2d-9c5e-5a1b7d2c0001';
  const deliver = (secret, body) => ({
    'Linear-Delivery': delivery, 'Linear-Event': JSON.parse(body).type ?? 'Issue',
    'Linear-Signature': createHmac('sha256', secret).update(body).digest('hex'),
    'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Linear-Webhook',
  });
  const issue = (ts) => JSON.stringify({
    action: 'create', actor: { id: '2e4f5d6a-1111-4c2d-9c5e-5a1b7d2c0abc', type: 'user', name: 'Ana Müller' },
    createdAt: iso(ts - 1), type: 'Issue', url: 'https://linear.app/sluice/issue/ENG-42/vectors',
    data: { id: '9cfb482a-81e3-4154-b5b9-2c805e70a02d', identifier: 'ENG-42', title: 'Verify Linear webhooks', priority: 2, teamId: '72b2a2dc-6f4f-4423-9d34-24b5bd10634a' },
    organizationId: 'ef2b4f3c-2a9d-4a55-8d5c-0f2b2e4d1f00', webhookTimestamp: ms(ts), webhookId: '000042e3-d123-4980-b49f-8e140eef9329',
  });
  const comment = (ts) => JSON.stringify({ action: 'update', type: 'Comment', createdAt: iso(ts), data: { id: 'c0ffee00-0000-4000-8000-000000000001', body: h.NON_ASCII_TEXT, issueId: '9cfb482a-81e3-4154-b5b9-2c805e70a02d' }, webhookTimestamp: ms(ts), webhookId: '000042e3-d123-4980-b49f-8e140eef9329' });
  await standardCases(h, {
    scheme: 'linear',
    producer: 'node-crypto per https://linear.app/developers/webhooks#securing-webhooks (hex HMAC-SHA256 of the body)',
    secret: S,
    wrong: 'lin_wh_notTheConfiguredLinearSecret0',
    deliver,
    bodies: [
      ['Issue create', issue, delivery, 'Issue'],
      ['Comment update with non-ASCII UTF-8', comment, delivery, 'Comment'],
      ['a large (128 KiB) body', (ts) => h.largeJson({ action: 'update', type: 'Project', webhookTimestamp: ms(ts) }, h.LARGE), delivery, 'Project'],
    ],
    tamper: (b) => b.replace('ENG-42', 'ENG-43'),
    tolerance: 60,
    official: (body, headers, secret, now) => h.verdict(`${V} LinearWebhookClient.verify (60 s window on webhookTimestamp, Date.now = now)`,
      () => h.atTime(now, () => new LinearWebhookClient(secret).verify(Buffer.from(body), headers['Linear-Signature']))),
  });
  const noTs = JSON.stringify({ action: 'create', type: 'Issue', data: { id: 'x' } });
  h.add('linear', { description: 'valid signature, no webhookTimestamp in the body', producer: 'node-crypto per https://linear.app/developers/webhooks#securing-webhooks', secrets: [S], headers: deliver(S, noTs), body: noTs, expected: 'missing_timestamp',
    official: h.verdict(`${V} LinearWebhookClient.verify`, () => h.atTime(h.NOW, () => new LinearWebhookClient(S).verify(Buffer.from(noTs), deliver(S, noTs)['Linear-Signature']))) });
  const noDelivery = deliver(S, issue(h.NOW - 5));
  delete noDelivery['Linear-Delivery'];
  h.add('linear', { description: 'valid signature, Linear-Delivery header missing', producer: 'node-crypto per https://linear.app/developers/webhooks#securing-webhooks', secrets: [S], headers: noDelivery, body: issue(h.NOW - 5), expected: 'missing_event_id' });
}
