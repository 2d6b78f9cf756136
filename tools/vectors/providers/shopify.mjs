import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);
require('@shopify/shopify-api/adapters/node');
const { createSHA256HMAC, HashFormat } = require('@shopify/shopify-api/runtime');
const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');

// ---- shopify --------------------------------------------------------------------------------------

export default async function genShopify() {
  const S = 'shpss_sluicevectors00000000000000';
  const WRONG = 'shpss_notthesecret0000000000000000';
  const P = `${V.shopify} runtime createSHA256HMAC (base64), the helper its webhook validation uses`;
  const by = `${V.shopify} shopifyApi(...).webhooks.validate (node adapter)`;
  const shopifyHmac = (secret, body) => createSHA256HMAC(secret, body, HashFormat.Base64);
  const api = (secret) => shopifyApi({ apiKey: 'sluice-vectors', apiSecretKey: secret, scopes: [], hostName: 'localhost', apiVersion: ApiVersion.October25, isEmbeddedApp: false, logger: { level: LogSeverity.Error } });
  const official = async (body, headers, secret = S) => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    try {
      const r = await api(secret).webhooks.validate({ rawBody: body, rawRequest: { headers: lower, method: 'POST', url: '/webhooks/shopify' }, rawResponse: {} });
      return { by, result: r.valid ? 'accepted' : `rejected: ${r.reason}${r.missingHeaders ? ' ' + r.missingHeaders.join(',') : ''}` };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const hdr = (sig, id, topic, triggeredAt = '2026-11-23T11:59:58.123456789Z') => ({
    'X-Shopify-Topic': topic, 'X-Shopify-Hmac-Sha256': sig, 'X-Shopify-Shop-Domain': 'sluice-vectors.myshopify.com',
    'X-Shopify-API-Version': '2025-10', 'X-Shopify-Webhook-Id': id, 'X-Shopify-Event-Id': `98880550-7158-44d4-b7cd-2c97c8a091${id.slice(-2)}`,
    'X-Shopify-Triggered-At': triggeredAt, 'Content-Type': 'application/json',
  });
  const bodies = [
    ['an orders/create event', JSON.stringify({ id: 820982911946154500, email: 'jon@example.com', total_price: '403.00', currency: 'EUR', line_items: [{ title: 'IPod Nano - 8GB', quantity: 1 }] }), 'orders/create'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ id: 1, title: NON_ASCII_TEXT, vendor: 'Bücherei' }), 'products/update'],
    ['empty JSON object', '{}', 'app/uninstalled'],
    ['a large (128 KiB) body', largeJson({ id: 2, note: 'bulk' }, LARGE), 'orders/updated'],
  ];
  let n = 0;
  for (const [what, body, topic] of bodies) {
    const id = `b54557e4-bdd9-4b37-8a5f-bf7d70bcd0${String(++n).padStart(2, '0')}`;
    const sig = await shopifyHmac(S, body);
    add('shopify', { description: `valid: ${what}`, producer: P, secrets: [S], headers: hdr(sig, id, topic), body, expected: 'verified', eventId: id, eventType: topic, official: await official(body, hdr(sig, id, topic)) });
  }
  const body = bodies[0][1];
  const id = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd099';
  const sig = await shopifyHmac(S, body);
  add('shopify', { description: 'tampered body', producer: P, secrets: [S], headers: hdr(sig, id, 'orders/create'), body: body.replace('403.00', '4.03'), expected: 'invalid_signature', official: await official(body.replace('403.00', '4.03'), hdr(sig, id, 'orders/create')) });
  const wrong = await shopifyHmac(WRONG, body);
  add('shopify', { description: 'signed with another secret', producer: P, secrets: [S], headers: hdr(wrong, id, 'orders/create'), body, expected: 'invalid_signature', official: await official(body, hdr(wrong, id, 'orders/create')) });
  add('shopify', { description: 'rotation: signed with the second configured secret', producer: P, secrets: [WRONG, S], headers: hdr(sig, id, 'orders/create'), body, expected: 'verified', eventId: id, eventType: 'orders/create', official: await official(body, hdr(sig, id, 'orders/create')) });
  add('shopify', { description: 'a retry two days later (same webhook id; Shopify retries for 48 h, no tolerance applies)', producer: P, secrets: [S], headers: hdr(sig, id, 'orders/create', '2026-11-21T12:00:00.000Z'), body, now: NOW, expected: 'verified', eventId: id, eventType: 'orders/create', official: await official(body, hdr(sig, id, 'orders/create', '2026-11-21T12:00:00.000Z')) });
  const latin1 = Buffer.from('{"note":"caf\xe9"}', 'latin1');
  const rawSig = createHmac('sha256', S).update(latin1).digest('base64');
  add('shopify', { description: 'a body that is not UTF-8 (Latin-1 bytes)', producer: `node-crypto per ${DOCS.shopify} (the library signs strings only)`, secrets: [S], headers: hdr(rawSig, id, 'orders/create'), body: latin1, expected: 'verified', eventId: id, eventType: 'orders/create' });
  const noId = hdr(sig, id, 'orders/create');
  delete noId['X-Shopify-Webhook-Id'];
  add('shopify', { description: 'valid signature, X-Shopify-Webhook-Id missing', producer: P, secrets: [S], headers: noId, body, expected: 'missing_event_id', official: await official(body, noId) });
}
