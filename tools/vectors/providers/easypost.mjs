// EasyPost: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256 of the raw body>`, keyed with the webhook's
// `webhook_secret` after Unicode NFKD normalization (docs.easypost.com/guides/webhooks-guide "HMAC Validation":
// use the client libraries' validate_webhook; every one of them normalizes the secret NFKD). No timestamp is
// signed. Event id `/id` (the Event, stable across retries), type `/description`, subject `/result/id`.
// Signed by: the test vector EasyPost's client libraries share (secret "sécret", an inline batch.created Event;
// easypost-node test/helpers/fixture.js eventBody() and test/services/webhook.test.js "validates a webhook
// secret", the same signature in the Python, Ruby, PHP and C# clients' tests); Node crypto per the same rule for
// the other cases (the SDK has no signer).
// Checked by: the official SDK's Utils.validateWebhook, every case. Its one quirk is not exercised: before
// hashing it rewrites an integer `"weight": 11` to `11.0` (for bodies re-serialized by JavaScript); EasyPost's
// own bodies carry floats (`"weight":136.0`), which it leaves alone, and Sluice hashes the raw bytes.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const EasyPostModule = require('@easypost/api');
const EasyPostClient = EasyPostModule.default ?? EasyPostModule;

const FIXTURE = 'easypost-node test/helpers/fixture.js eventBody() + test/services/webhook.test.js "validates a webhook secret" (shared by easypost-python, -ruby, -php, -csharp)';

export default async function easypost(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version, verdict } = ctx;
  const V = `@easypost/api@${version('@easypost/api')}`;
  const S = 'sluice-vectors-easypost-webhook-secret';
  const WRONG = 'not-the-easypost-webhook-secret';
  const client = new EasyPostClient('unused-no-api-calls-are-made');
  const hmac = (secret, body) => createHmac('sha256', Buffer.from(secret.normalize('NFKD'), 'utf8')).update(body, 'utf8').digest('hex');
  const sign = async (secret, body) => ({ 'X-Hmac-Signature': `hmac-sha256-hex=${hmac(secret, body)}`, 'Content-Type': 'application/json' });
  const by = `${V} Utils.validateWebhook`;
  const official = async (body, headers, secret) => verdict(by, () => client.Utils.validateWebhook(Buffer.from(body, 'utf8'), headers, secret));
  // The shape of EasyPost's own fixture event (EasyPost/examples official/fixtures/event-body.json), shortened.
  const tracker = JSON.stringify({
    description: 'tracker.updated', mode: 'production', previous_attributes: { status: 'in_transit' }, created_at: '2026-11-23T11:59:52.000Z',
    pending_urls: ['https://sluice.example/webhooks/easypost'], completed_urls: [], updated_at: '2026-11-23T11:59:52.000Z',
    id: 'evt_3f2a6c0e8b5d11f0a1b2c3d4e5f60718', user_id: 'user_1', status: 'pending', object: 'Event',
    result: {
      id: 'trk_1', object: 'Tracker', mode: 'production', tracking_code: '1', status: 'in_transit', status_detail: 'arrived_at_facility',
      created_at: '2026-11-21T14:45:27Z', updated_at: '2026-11-23T11:59:51Z', signed_by: null, weight: 614.4, carrier: 'FedEx',
      tracking_details: [{ object: 'TrackingDetail', message: 'Picked up', status: 'in_transit', datetime: '2026-11-21T19:27:00Z', source: 'FedEx', tracking_location: { object: 'TrackingLocation', city: 'ORLANDO', state: 'FL', country: 'US', zip: '32809' } }],
      finalized: false, is_return: false, public_url: 'https://track.easypost.com/1',
    },
  });
  const nonAscii = JSON.stringify({ description: 'batch.updated', mode: 'test', id: 'evt_3f2a6c0e8b5d11f0a1b2c3d4e5f60719', object: 'Event', status: 'pending', created_at: '2026-11-23T11:59:53Z', result: { id: 'batch_1', object: 'Batch', state: 'purchased', reference: NON_ASCII_TEXT } });
  const large = largeJson({ description: 'report.available', mode: 'test', id: 'evt_3f2a6c0e8b5d11f0a1b2c3d4e5f6071a', object: 'Event', created_at: '2026-11-23T11:59:54Z', result: { id: 'shprep_1', object: 'ShipmentReport' } }, LARGE);
  await standardCases(ctx, {
    scheme: 'easypost', producer: `node-crypto per EasyPost's validate_webhook rule (hmac-sha256-hex= hex HMAC-SHA256 of the body, NFKD secret), each case checked by ${V}`,
    secret: S, wrong: WRONG, official,
    bodies: [
      ['a tracker.updated event (the shape of EasyPost\'s fixture)', tracker, 'evt_3f2a6c0e8b5d11f0a1b2c3d4e5f60718', 'tracker.updated'],
      ['non-ASCII UTF-8 in the body', nonAscii, 'evt_3f2a6c0e8b5d11f0a1b2c3d4e5f60719', 'batch.updated'],
      ['a large (128 KiB) body', large, 'evt_3f2a6c0e8b5d11f0a1b2c3d4e5f6071a', 'report.available'],
    ],
    deliver: sign, tamper: (b) => b.replace('"in_transit"', '"delivered"'),
  });

  // EasyPost's own test vector, copied: the inline batch.created Event, JSON.stringify'd, secret "sécret".
  const fixture = JSON.stringify({
    result: {
      id: 'batch_123...', object: 'Batch', mode: 'test', state: 'created', num_shipments: 0, reference: null,
      created_at: '2022-07-26T17:22:32Z', updated_at: '2022-07-26T17:22:32Z', scan_form: null, shipments: [],
      status: { created: 0, queued_for_purchase: 0, creation_failed: 0, postage_purchased: 0, postage_purchase_failed: 0 },
      pickup: null, label_url: null,
    },
    description: 'batch.created', mode: 'test', previous_attributes: null, completed_urls: null,
    user_id: 'user_123...', status: 'pending', object: 'Event', id: 'evt_123...',
  });
  const published = 'hmac-sha256-hex=e93977c8ccb20363d51a62b3fe1fc402b7829be1152da9e88cf9e8d07115a46b';
  const SECRET = 'sécret'; // precomposed é (U+00E9), as the tests write it
  if (`hmac-sha256-hex=${hmac(SECRET, fixture)}` !== published) throw new Error('easypost: the shared test vector no longer reproduces');
  const h = { 'X-Hmac-Signature': published, 'Content-Type': 'application/json' };
  const proof = { kind: 'sdk_test_vector', source: FIXTURE, proves: 'the rule: hmac-sha256-hex= + hex HMAC-SHA256 of the raw body, keyed with the NFKD-normalized secret (the NFC bytes of "sécret" give another HMAC)' };
  ctx.add('easypost', { description: 'EasyPost\'s shared client-library test vector (secret "sécret", batch.created)', producer: `copied: ${FIXTURE}`, secrets: [SECRET], headers: h, body: fixture, expected: 'verified', eventId: 'evt_123...', eventType: 'batch.created', official: await official(fixture, h, SECRET), proof });
  const decomposed = 'se\u0301cret'; // e + combining acute: the same NFKD form, so the same key
  ctx.add('easypost', { description: 'the same vector with the secret typed decomposed (e + U+0301): NFKD makes it the same key', producer: `copied: ${FIXTURE}`, secrets: [decomposed], headers: h, body: fixture, expected: 'verified', eventId: 'evt_123...', eventType: 'batch.created', official: await official(fixture, h, decomposed) });
  const tampered = { 'X-Hmac-Signature': `${published.slice(0, -4)}aaaa` };
  ctx.add('easypost', { description: 'the vector\'s signature with its ending changed (EasyPost\'s own negative test)', producer: `copied: ${FIXTURE}`, secrets: [SECRET], headers: tampered, body: fixture, expected: 'invalid_signature', official: await official(fixture, tampered, SECRET) });
  const noId = JSON.stringify({ description: 'tracker.updated', mode: 'test', object: 'Event', result: { id: 'trk_1', object: 'Tracker' } });
  const hn = await sign(S, noId);
  ctx.add('easypost', { description: 'valid signature, the Event has no id', producer: `node-crypto per EasyPost's rule, checked by ${V}`, secrets: [S], headers: hn, body: noId, expected: 'missing_event_id', official: await official(noId, hn, S) });
}
