import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);
const Stripe = require('stripe');
const stripe = new Stripe('unused-no-api-calls-are-made');

// ---- stripe ---------------------------------------------------------------------------------------

export default function genStripe() {
  const S = 'whsec_sluiceVectorsStripeSecret0001';
  const OLD = 'whsec_sluiceVectorsStripeSecretOLD0';
  const WRONG = 'whsec_notTheConfiguredSecret0000000';
  const P = `${V.stripe} webhooks.generateTestHeaderString`;
  const sig = (payload, secret, timestamp, scheme) =>
    stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp, scheme });
  const officialBy = `${V.stripe} webhooks.constructEvent (tolerance 300, receivedAt = now in ms)`;
  const official = (payload, header, secret, now = NOW) =>
    verdict(officialBy, () => stripe.webhooks.constructEvent(payload, header, secret, 300, undefined, now * 1000));
  const v1Of = (header) => header.split(',').find((p) => p.startsWith('v1=')).slice(3);

  const bodies = [
    ['a payment_intent.succeeded event', JSON.stringify({ id: 'evt_1SluiceVec0001', object: 'event', api_version: '2025-10-29.clover', created: NOW - 2, type: 'payment_intent.succeeded', livemode: false, pending_webhooks: 1, data: { object: { id: 'pi_3SluiceVec', object: 'payment_intent', amount: 2000, currency: 'eur' } } }, null, 2), 'evt_1SluiceVec0001', 'payment_intent.succeeded'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ id: 'evt_1SluiceVecUtf8', object: 'event', type: 'customer.updated', data: { object: { id: 'cus_1', name: NON_ASCII_TEXT } } }), 'evt_1SluiceVecUtf8', 'customer.updated'],
    ['minimal JSON (only an id, no type)', '{"id":"evt_min"}', 'evt_min', ''],
    ['a large (128 KiB) body', largeJson({ id: 'evt_1SluiceVecLarge', object: 'event', type: 'invoice.finalized' }, LARGE), 'evt_1SluiceVecLarge', 'invoice.finalized'],
  ];
  for (const [what, body, id, type] of bodies) {
    const h = sig(body, S, NOW - 5);
    add('stripe', { description: `valid: ${what}`, producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });
  }
  const body = bodies[0][1];
  const [id, type] = [bodies[0][2], bodies[0][3]];

  let h = sig(body, S, NOW - 5);
  add('stripe', { description: 'tampered body (one byte changed after signing)', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body: body.replace('2000', '2001'), expected: 'invalid_signature', official: official(body.replace('2000', '2001'), h, S) });
  h = sig(body, WRONG, NOW - 5);
  add('stripe', { description: 'signed with another secret', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'invalid_signature', official: official(body, h, S) });
  h = sig(body, S, NOW - 301);
  add('stripe', { description: 'stale: t is 301 s before now (tolerance 300 s)', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'timestamp_out_of_tolerance', official: official(body, h, S) });
  h = sig(body, S, NOW - 300);
  add('stripe', { description: 'edge: t is exactly 300 s before now (accepted, as by Stripe)', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });
  h = sig(body, S, NOW - 400);
  add('stripe', { description: 'source tolerance override 10m: t 400 s before now is accepted', producer: P, secrets: [S], tolerance: '10m', headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: verdict(`${V.stripe} webhooks.constructEvent (tolerance 600, receivedAt = now in ms)`, () => stripe.webhooks.constructEvent(body, h, S, 600, undefined, NOW * 1000)) });
  h = sig(body, S, NOW + 600);
  add('stripe', { description: 'future: t is 600 s after now (Sluice refuses; Stripe\'s library only refuses old ones)', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'timestamp_out_of_tolerance', official: official(body, h, S) });

  // Test-mode deliveries carry a v0 signature next to v1 (https://docs.stripe.com/webhooks#verify-manually).
  const t = NOW - 5;
  const v1 = v1Of(sig(body, S, t));
  const v0 = sig(body, 'whsec_someOtherV0Key', t, 'v0').split(',')[1];
  h = `t=${t},v1=${v1},${v0}`;
  add('stripe', { description: 'header with an extra v0 scheme after v1 (test mode form)', producer: `${P} (v1 and scheme:'v0' signatures joined as Stripe sends them)`, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });
  h = `t=${t},${v0},v1=${v1}`;
  add('stripe', { description: 'header with v0 before v1', producer: `${P} (joined)`, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });
  h = `t=${t},${v0}`;
  add('stripe', { description: 'header with only a v0 signature (no v1)', producer: `${P} (scheme:'v0')`, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'missing_signature', official: official(body, h, S) });

  // Secret roll: for the overlap Stripe signs with both the old and the new secret (two v1 entries).
  const v1Old = v1Of(sig(body, OLD, t));
  h = `t=${t},v1=${v1Old},v1=${v1}`;
  add('stripe', { description: 'two v1 signatures (secret roll: old then new); only the new secret configured', producer: `${P} (two secrets, v1 entries joined)`, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });
  add('stripe', { description: 'two v1 signatures (secret roll); only the old secret configured', producer: `${P} (two secrets, v1 entries joined)`, secrets: [OLD], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, OLD) });
  const vWrong = v1Of(sig(body, WRONG, t));
  h = `t=${t},v1=${vWrong},v1=${vWrong.split('').reverse().join('')}`;
  add('stripe', { description: 'two v1 signatures, neither from the configured secret', producer: `${P} (joined)`, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'invalid_signature', official: official(body, h, S) });
  h = sig(body, S, t);
  add('stripe', { description: 'rotation in Sluice: signed with the second configured secret', producer: P, secrets: [OLD, S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });

  h = sig(body, S, t);
  add('stripe', { description: 'Stripe-Signature sent on two header lines (ambiguous)', producer: `${P} (header repeated)`, secrets: [S], headers: { 'Stripe-Signature': [h, h] }, body, expected: 'malformed_header', official: official(body, [h, h], S) });
  const v1t = sig(body, S, t).split(',');
  h = `${v1t[1]},${v1t[0]}`;
  add('stripe', { description: 'v1 before t in the header', producer: `${P} (items reordered)`, secrets: [S], headers: { 'Stripe-Signature': h }, body, expected: 'verified', eventId: id, eventType: type, official: official(body, h, S) });

  // A thin event notification (API v2 event destinations) is signed the same way.
  const thin = JSON.stringify({ id: 'evt_test_65R9Ijk8cuZ7UVJ1SluiceVec', object: 'v2.core.event', type: 'v1.billing.meter.error_report_triggered', livemode: false, created: '2026-11-23T11:59:55.000Z', related_object: { id: 'mtr_test_61R9', type: 'billing.meter', url: '/v1/billing/meters/mtr_test_61R9' } });
  h = sig(thin, S, t);
  add('stripe', { description: 'a thin event notification (object v2.core.event)', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body: thin, expected: 'verified', eventId: 'evt_test_65R9Ijk8cuZ7UVJ1SluiceVec', eventType: 'v1.billing.meter.error_report_triggered', official: verdict(`${V.stripe} parseEventNotification (tolerance 300, receivedAt = now in ms)`, () => stripe.parseEventNotification(thin, h, S, 300, undefined, NOW * 1000)) });

  const noId = '{"object":"event","type":"ping"}';
  h = sig(noId, S, t);
  add('stripe', { description: 'valid signature over a body without /id', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body: noId, expected: 'missing_event_id', official: official(noId, h, S) });
  const empty = '{}';
  h = sig(empty, S, t);
  add('stripe', { description: 'valid signature over {} (no id)', producer: P, secrets: [S], headers: { 'Stripe-Signature': h }, body: empty, expected: 'missing_event_id', official: official(empty, h, S) });
}
