// Box: base64 HMAC-SHA256 over the body bytes followed by the BOX-DELIVERY-TIMESTAMP value, sent as
// BOX-SIGNATURE-PRIMARY (primary key) and BOX-SIGNATURE-SECONDARY (secondary key, for rotation); deliveries older
// than 10 minutes are refused. Signed by the official SDK's computeWebhookSignature and checked by its
// WebhooksManager.validateMessage (box-typescript-sdk-gen, the generated SDK Box publishes as box-node-sdk v10).
// Also the SDK's own fixed test vectors (src/test/webhooks.generated.test.ts, "testWebhookValidation").
import assert from 'node:assert/strict';
import { standardCases, iso } from '../lib/kit.mjs';

export default async function box(h) {
  const V = `box-typescript-sdk-gen@${h.version('box-typescript-sdk-gen')}`;
  const { computeWebhookSignature } = h.require('box-typescript-sdk-gen/lib/internal/utils');
  const { WebhooksManager } = h.require('box-typescript-sdk-gen/lib/managers/webhooks.generated');
  const S = 'SluiceVectorsBoxPrimaryKey01';
  const SECONDARY = 'SluiceVectorsBoxSecondaryKey1';
  const WRONG = 'NotTheBoxPrimaryKey0000000000';
  const P = `${V} computeWebhookSignature`;

  const headers = async (primary, secondary, body, timestamp, deliveryId = 'f96bb54b-ee16-4fc5-aa65-8c2d9e5b5001') => {
    const base = { 'box-delivery-id': deliveryId, 'box-delivery-timestamp': timestamp, 'box-signature-algorithm': 'HmacSHA256', 'box-signature-version': '1' };
    return {
      'BOX-DELIVERY-ID': deliveryId,
      'BOX-DELIVERY-TIMESTAMP': timestamp,
      'BOX-SIGNATURE-ALGORITHM': 'HmacSHA256',
      'BOX-SIGNATURE-PRIMARY': await computeWebhookSignature(body, base, primary),
      'BOX-SIGNATURE-SECONDARY': await computeWebhookSignature(body, base, secondary),
      'BOX-SIGNATURE-VERSION': '1',
      'Content-Type': 'application/json; charset=UTF-8',
    };
  };
  const lower = (hs) => Object.fromEntries(Object.entries(hs).map(([k, v]) => [k.toLowerCase(), v]));
  const official = (body, hs, primary, now, secondary) => h.verdictAsync(`${V} WebhooksManager.validateMessage (maxAge 600 s, clock = now)`, () => {
    const real = Date.now;
    Date.now = () => now * 1000;
    return WebhooksManager.validateMessage(body, lower(hs), primary, { secondaryKey: secondary, maxAge: 600 }).finally(() => { Date.now = real; });
  });
  const ev = (id, trigger, source, ts = h.NOW - 5) => JSON.stringify({
    type: 'webhook_event', id, created_at: iso(ts), trigger,
    webhook: { id: '1234567890', type: 'webhook' },
    created_by: { type: 'user', id: '2233445566', name: 'Ana Müller', login: 'ana@example.com' },
    source,
  });
  const file = { id: '1395017389051', type: 'file', name: 'Q4 report.pdf', parent: { type: 'folder', id: '0' } };
  await standardCases(h, {
    scheme: 'box',
    producer: P,
    secret: S,
    wrong: WRONG,
    deliver: (secret, body, ts) => headers(secret, SECONDARY, body, iso(ts)),
    bodies: [
      ['FILE.UPLOADED', ev('dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a001', 'FILE.UPLOADED', file), 'dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a001', 'FILE.UPLOADED'],
      ['FOLDER.RENAMED with non-ASCII UTF-8', ev('dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a002', 'FOLDER.RENAMED', { id: '11446498', type: 'folder', name: h.NON_ASCII_TEXT }), 'dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a002', 'FOLDER.RENAMED'],
      ['a large (128 KiB) body', h.largeJson({ type: 'webhook_event', id: 'dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a003', trigger: 'FILE.PREVIEWED' }, h.LARGE), 'dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a003', 'FILE.PREVIEWED'],
    ],
    tamper: (b) => b.replace('Q4 report', 'Q5 report'),
    tolerance: 600,
    official: (body, hs, secret, now) => official(body, hs, secret, now),
  });

  // Rotation the Box way: only the secondary key is configured; BOX-SIGNATURE-SECONDARY matches.
  const main = ev('dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a001', 'FILE.UPLOADED', file);
  const hs = await headers(S, SECONDARY, main, iso(h.NOW - 5));
  h.add('box', { description: 'only the secondary key configured: BOX-SIGNATURE-SECONDARY matches', producer: P, secrets: [SECONDARY], headers: hs, body: main, expected: 'verified', eventId: 'dc4e1d4b-4e5c-4dde-9cf3-7b1a0fd3a001', eventType: 'FILE.UPLOADED', official: await official(main, hs, 'not-configured', h.NOW, SECONDARY) });
  const timeMoved = { ...hs, 'BOX-DELIVERY-TIMESTAMP': iso(h.NOW - 4) };
  h.add('box', { description: 'BOX-DELIVERY-TIMESTAMP changed after signing', producer: P, secrets: [S], headers: timeMoved, body: main, expected: 'invalid_signature', official: await official(main, timeMoved, S, h.NOW) });

  // The SDK's own test vectors, exactly as published (keys, bodies, timestamp with a -07:00 offset, signatures).
  const T = `${V} src/test/webhooks.generated.test.ts (testWebhookValidation), copied`;
  const sdkHeaders = {
    'box-delivery-id': 'f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f',
    'box-delivery-timestamp': '2020-01-01T00:00:00-07:00',
    'box-signature-algorithm': 'HmacSHA256',
    'box-signature-primary': '6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=',
    'box-signature-secondary': 'v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo=',
    'box-signature-version': '1',
  };
  const sdkNow = Date.parse('2020-01-01T00:00:00-07:00') / 1000 + 10;
  const sdkBody = '{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"Test.txt"}}';
  const sdkCase = async (description, body, headerOverrides, secrets, expected, asSecondary = false) => {
    const hs2 = { ...sdkHeaders, ...headerOverrides };
    const off = asSecondary ? official(body, hs2, 'not-configured', sdkNow, secrets[0]) : official(body, hs2, secrets[0], sdkNow);
    const c = { description, producer: T, secrets, headers: hs2, body, now: sdkNow, expected, official: await off };
    if (expected === 'verified') Object.assign(c, { eventId: h.sha256Hex(body), eventType: 'FILE.UPLOADED' });
    h.add('box', c);
  };
  // Box's own bodies carry no /id: the event id falls back to the SHA-256 of the body.
  assert.equal(await computeWebhookSignature(sdkBody, sdkHeaders, 'SamplePrimaryKey'), sdkHeaders['box-signature-primary']);
  await sdkCase('Box SDK test vector: primary key SamplePrimaryKey', sdkBody, {}, ['SamplePrimaryKey'], 'verified');
  await sdkCase('Box SDK test vector: only the secondary key SampleSecondaryKey configured', sdkBody, {}, ['SampleSecondaryKey'], 'verified', true);
  await sdkCase('Box SDK test vector: IncorrectKey configured', sdkBody, {}, ['IncorrectKey'], 'invalid_signature');
  // Box signs the bytes it sends; PHP's json_encode escapes non-ASCII as \uXXXX (box-node-sdk PR #568), so the
  // SDK's "Japanese" vector is the escaped body as sent.
  const jp = '{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"\\u30b9\\u30af\\u30ea\\u30fc\\u30f3\\u30b7\\u30e7\\u30c3\\u30c8 2020-08-05.txt"}}';
  await sdkCase('Box SDK test vector: Japanese file name, \\u-escaped as Box sends it', jp, { 'box-signature-primary': 'LV2uCu+5NJtIHrCXDYgZ0v/PP5THGRuegw3RtdnEyuE=' }, ['SamplePrimaryKey'], 'verified');
  const cr = '{"webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"test \\r"}}';
  await sdkCase('Box SDK test vector: carriage return escape in the body', cr, { 'box-signature-primary': 'SVkbKgy3dEEf2PbbzpNu2lDZS7zZ/aboU7HOZgBGrJk=' }, ['SamplePrimaryKey'], 'verified');
  const stale = await computeWebhookSignature(sdkBody, sdkHeaders, 'SamplePrimaryKey');
  const c = { description: 'Box SDK test vector, checked 20 minutes later (maxAge 10 min)', producer: T, secrets: ['SamplePrimaryKey'], headers: { ...sdkHeaders, 'box-signature-primary': stale }, body: sdkBody, now: sdkNow + 1200, expected: 'timestamp_out_of_tolerance', official: await official(sdkBody, sdkHeaders, 'SamplePrimaryKey', sdkNow + 1200) };
  h.add('box', c);
}
