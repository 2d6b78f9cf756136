// Square: `x-square-hmacsha256-signature` = base64 HMAC-SHA256 of "<notification URL><raw body>", keyed with
// the subscription's signature key as text. The notification URL is the public URL Square called, which is
// the source's `public-url` (the ingress may sit behind a load balancer and see another URL). No timestamp
// is signed. Event: `/event_id`, `/type`, `/created_at`, subject `/data/id`.
// Vectors: the test vector shared by Square's official SDKs (square-nodejs-sdk, square-java-sdk,
// square-go-sdk, … WebhooksHelper tests), and the Node SDK's own HMAC helper (createHmacOverride, which its
// WebhooksHelper.verifySignature uses) for the other cases; each is checked by WebhooksHelper.verifySignature.
import { createRequire } from 'node:module';
import { requireInternal, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { WebhooksHelper } = require('square');
const { createHmacOverride } = requireInternal('square', 'core/crypto/createHmacOverride.js');

const SDK_TEST = 'Square SDK test vector (square-nodejs-sdk / square-java-sdk / square-go-sdk WebhooksHelper tests, "signature validation pass")';

export default async function square(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version, verdictAsync, add } = ctx;
  const V = `square@${version('square')}`;
  const official = async (body, headers, secret, publicUrl) => verdictAsync(`${V} WebhooksHelper.verifySignature`,
    () => WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: headers['x-square-hmacsha256-signature'], signatureKey: secret, notificationUrl: publicUrl }));

  const sdkBody = '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}';
  const sdkHeaders = { 'x-square-hmacsha256-signature': 'GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=', 'Content-Type': 'application/json' };
  const sdkUrl = 'https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9';
  add('square', { description: 'valid: the Square SDKs\' test vector (webhooks.test_notification)', producer: SDK_TEST, secrets: ['Ibxx_5AKakO-3qeNVR61Dw'], public_url: sdkUrl, url: sdkUrl, headers: sdkHeaders, body: sdkBody, expected: 'verified', eventId: 'ac3ac95b-f97d-458c-a6e6-18981597e05f', eventType: 'webhooks.test_notification', official: await official(sdkBody, sdkHeaders, 'Ibxx_5AKakO-3qeNVR61Dw', sdkUrl) });
  add('square', { description: 'the Square SDKs\' test vector, but the source\'s public-url is another URL', producer: SDK_TEST, secrets: ['Ibxx_5AKakO-3qeNVR61Dw'], public_url: 'https://webhook.site/another-endpoint', url: sdkUrl, headers: sdkHeaders, body: sdkBody, expected: 'invalid_signature', official: await official(sdkBody, sdkHeaders, 'Ibxx_5AKakO-3qeNVR61Dw', 'https://webhook.site/another-endpoint') });

  const S = 'sluiceVectorsSquareSigKey01';
  const WRONG = 'notTheSquareSignatureKey00';
  // Behind a load balancer: Square calls the public URL, the ingress sees an internal one.
  const PUBLIC = 'https://hooks.sluice.example/webhooks/square';
  const sign = async (secret, body) => ({ 'x-square-hmacsha256-signature': await createHmacOverride(PUBLIC + body, secret), 'Content-Type': 'application/json', 'Square-Version': '2025-10-16' });
  const event = (id, type, dataType, dataId, object) => JSON.stringify({ merchant_id: '6SSW7HV8K2ST5', type, event_id: id, created_at: '2026-11-23T11:59:57.982Z', data: { type: dataType, id: dataId, object } });
  const bodies = [
    ['a payment.updated event', event('13b867cf-db3d-4b1c-90b6-2f32a9d78124', 'payment.updated', 'payment', 'KkAkhdMsgzn59SM8A89WgKwekxLZY', { payment: { id: 'KkAkhdMsgzn59SM8A89WgKwekxLZY', amount_money: { amount: 100, currency: 'USD' }, status: 'COMPLETED', location_id: 'S8GWD5R9QB376' } }), '13b867cf-db3d-4b1c-90b6-2f32a9d78124', 'payment.updated'],
    ['non-ASCII UTF-8 in the body', event('13b867cf-db3d-4b1c-90b6-2f32a9d78125', 'customer.updated', 'customer', 'JDKYHBWT1D4F8MFH63DBMEN8Y4', { customer: { id: 'JDKYHBWT1D4F8MFH63DBMEN8Y4', given_name: NON_ASCII_TEXT } }), '13b867cf-db3d-4b1c-90b6-2f32a9d78125', 'customer.updated'],
    ['a large (128 KiB) body', largeJson({ merchant_id: '6SSW7HV8K2ST5', type: 'order.updated', event_id: '13b867cf-db3d-4b1c-90b6-2f32a9d78126', created_at: '2026-11-23T11:59:57Z' }, LARGE), '13b867cf-db3d-4b1c-90b6-2f32a9d78126', 'order.updated'],
  ];
  await standardCases(ctx, {
    scheme: 'square', producer: `${V} createHmacOverride over "<public URL><body>" (the helper WebhooksHelper.verifySignature uses)`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official: (body, headers, secret) => official(body, headers, secret, PUBLIC),
    tamper: (b) => b.replace('"amount":100', '"amount":1'),
    extra: { public_url: PUBLIC, url: 'http://10.0.3.7:8080/webhooks/square' },
  });
}
