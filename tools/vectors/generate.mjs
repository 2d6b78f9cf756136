// Generates cross-implementation test vectors for Sluice's verifiers.
//
// Every signature in the output is computed by code that is NOT Sluice's: the providers' official
// libraries where one can sign (stripe, standardwebhooks, svix, @octokit/webhooks-methods,
// @shopify/shopify-api), else Node's crypto following the provider's published algorithm (labelled with
// the document it follows). Where an official library can VERIFY, each case is also run through it and
// its verdict recorded in `official_verifier`, so a disagreement between Sluice and the provider's own
// code is visible in the file (e.g. Stripe's library accepts future timestamps; Sluice does not).
//
// Output: core/src/test/resources/vectors/<scheme>.json, a JSON array of cases. Deterministic: fixed
// secrets, ids and clock, so regenerating with the same library versions gives the same files.
//
// Usage: cd tools/vectors && npm ci && npm run generate

import { createRequire } from 'node:module';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { sign as ghSign, verify as ghVerify } from '@octokit/webhooks-methods';
import { generateProviders } from './providers/index.mjs';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, '..', '..', 'core', 'src', 'test', 'resources', 'vectors');

// Read from node_modules directly: some packages do not export their package.json.
const version = (pkg) => JSON.parse(readFileSync(join(HERE, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const V = {
  stripe: `stripe@${version('stripe')}`,
  standardwebhooks: `standardwebhooks@${version('standardwebhooks')}`,
  svix: `svix@${version('svix')}`,
  octokit: `@octokit/webhooks-methods@${version('@octokit/webhooks-methods')}`,
  bolt: `@slack/bolt@${version('@slack/bolt')}`,
  shopify: `@shopify/shopify-api@${version('@shopify/shopify-api')}`,
};

const Stripe = require('stripe');
const stripe = new Stripe('unused-no-api-calls-are-made');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');
const { isValidSlackRequest } = require('@slack/bolt');
require('@shopify/shopify-api/adapters/node');
const { createSHA256HMAC, HashFormat } = require('@shopify/shopify-api/runtime');
const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');

// 2026-11-23T12:00:00Z: every case pins the verifier's clock to `now`.
const NOW = 1795435200;

const DOCS = {
  slack: 'https://api.slack.com/authentication/verifying-requests-from-slack',
  shopify: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook',
  hume: 'https://github.com/HumeAI/hume-api-examples/blob/main/evi/evi-typescript-webhooks/src/util.ts (validateHmacSignature; same computation in evi/evi-python-webhooks/utils.py)',
  hyperspell: 'Hyperspell webhook docs, Python verify_webhook example (/work/shared/seeds/001_76c02424e172cf12.txt)',
  aihummer: 'AiHummer "Inbound & Integration Triggers" doc, X-AIHummer-Signature HMAC (/work/shared/seeds/003_ff6b0fb7427a782c.txt; hex HMAC-SHA256 of the body per DESIGN.md)',
  swSpec: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
  github: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation',
};

const URL_BASE = 'https://sluice.example/webhooks/';

// ---- bodies ---------------------------------------------------------------------------------------

/** A deterministic JSON body of at least `bytes` UTF-8 bytes, with non-ASCII text inside. */
function largeJson(head, bytes) {
  const items = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = { n: i, sku: `SKU-${String(i).padStart(6, '0')}`, note: `Zeile ${i}: Grüße aus Köln — ☕ ${'x'.repeat(40)}` };
    items.push(item);
    size += Buffer.byteLength(JSON.stringify(item)) + 1;
  }
  return JSON.stringify({ ...head, items });
}
const LARGE = 128 * 1024;
const NON_ASCII_TEXT = 'Grüße aus Zürich, 東京からこんにちは, emoji 🎉🚀, RTL שלום, combining é';

const cases = {};
function add(scheme, c) {
  const body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8');
  const text = body.toString('utf8');
  const out = {
    description: c.description,
    producer: c.producer,
    secrets: c.secrets,
  };
  if (c.tolerance) out.tolerance = c.tolerance;
  if (c.source) out.source = c.source; // the source's hmac, timestamp, event-id, event-type blocks (configurable schemes), app-key (pusher)
  out.headers = c.headers;
  if (Buffer.from(text, 'utf8').equals(body)) out.body = text; else out.body_base64 = body.toString('base64');
  out.url = c.url ?? URL_BASE + scheme;
  if (c.public_url) out.public_url = c.public_url; // URL-signing providers: the source's `public-url`
  if (c.method) out.method = c.method; // a handshake's GET; deliveries are POST
  out.now = c.now ?? NOW;
  out.expected = c.expected; // "verified", a reason code, or "handshake" (answered with expected_response)
  if (c.response) out.expected_response = c.response;
  if (c.eventId !== undefined) out.expected_event_id = c.eventId;
  if (c.eventType !== undefined) out.expected_event_type = c.eventType;
  if (c.official) out.official_verifier = c.official;
  // The case that proves the provider's rule without an official library: {kind: 'published_example' |
  // 'sdk_test_vector', source: the page or repo/path@commit it was copied from, proves: what it shows}.
  if (c.proof) out.proof = c.proof;
  (cases[scheme] ??= []).push(out);
}

function sha256Hex(s) {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Runs `fn` with Date.now() pinned to `nowSeconds` (for libraries that read the clock themselves). */
function atTime(nowSeconds, fn) {
  const real = Date.now;
  Date.now = () => nowSeconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

function verdict(by, fn) {
  try {
    const r = fn();
    if (r === false) return { by, result: 'rejected' };
    return { by, result: 'accepted' };
  } catch (e) {
    return { by, result: `rejected: ${e.message.split('\n')[0]}` };
  }
}

async function verdictAsync(by, fn) {
  try {
    const r = await fn();
    return { by, result: r === false ? 'rejected' : 'accepted' };
  } catch (e) {
    return { by, result: `rejected: ${e.message.split('\n')[0]}` };
  }
}

// ---- stripe ---------------------------------------------------------------------------------------

function genStripe() {
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

// ---- standard-webhooks (standardwebhooks + svix) -------------------------------------------------

function genStandardWebhooks() {
  const RAW = Buffer.from('sluice-vectors-standard-webhooks-key!').subarray(0, 32);
  const B64 = RAW.toString('base64');
  const S = `whsec_${B64}`;
  const WRONG = `whsec_${Buffer.from('another-32-byte-key-for-vectors!!').toString('base64')}`;
  const sw = new StandardWebhook(S);
  const svix = new SvixWebhook(S);
  const P = `${V.standardwebhooks} Webhook.sign`;
  const PS = `${V.svix} Webhook.sign`;
  const swBy = `${V.standardwebhooks} Webhook.verify (Date.now pinned to now)`;
  const svBy = `${V.svix} Webhook.verify (Date.now pinned to now)`;
  const offSw = (payload, headers, secret = S, now = NOW) => verdict(swBy, () => atTime(now, () => new StandardWebhook(secret).verify(payload, headers)));
  const offSvix = (payload, headers, secret = S, now = NOW) => verdict(svBy, () => atTime(now, () => new SvixWebhook(secret).verify(payload, headers)));
  const hdr = (id, ts, signature) => ({ 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature });
  const at = (s) => new Date(s * 1000);

  const bodies = [
    ['an invoice.paid event', JSON.stringify({ type: 'invoice.paid', timestamp: '2026-11-23T11:59:58Z', data: { id: 'inv_1', amount: 4200 } }), 'invoice.paid'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ type: 'user.renamed', data: { name: NON_ASCII_TEXT } }), 'user.renamed'],
    ['empty JSON object (no type)', '{}', ''],
    ['a large (128 KiB) body', largeJson({ type: 'batch.exported' }, LARGE), 'batch.exported'],
  ];
  let n = 0;
  for (const [what, body, type] of bodies) {
    const id = `msg_sluiceVec${String(++n).padStart(4, '0')}`;
    const headers = hdr(id, NOW - 3, sw.sign(id, at(NOW - 3), body));
    add('standard-webhooks', { description: `valid: ${what}`, producer: P, secrets: [S], headers, body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, headers) });
  }
  const body = bodies[0][1];
  const type = bodies[0][2];
  const id = 'msg_sluiceVecEdge0001';
  const good = sw.sign(id, at(NOW - 3), body);

  let headers = hdr(id, NOW - 3, good);
  add('standard-webhooks', { description: 'secret configured without the whsec_ prefix (same key)', producer: P, secrets: [B64], headers, body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, headers, B64) });
  add('standard-webhooks', { description: 'tampered body', producer: P, secrets: [S], headers, body: body.replace('4200', '4201'), expected: 'invalid_signature', official: offSw(body.replace('4200', '4201'), headers) });
  const tamperedId = hdr('msg_sluiceVecEdge0002', NOW - 3, good);
  add('standard-webhooks', { description: 'webhook-id changed after signing', producer: P, secrets: [S], headers: tamperedId, body, expected: 'invalid_signature', official: offSw(body, tamperedId) });
  const tamperedTs = hdr(id, NOW - 2, good);
  add('standard-webhooks', { description: 'webhook-timestamp changed after signing', producer: P, secrets: [S], headers: tamperedTs, body, expected: 'invalid_signature', official: offSw(body, tamperedTs) });
  headers = hdr(id, NOW - 3, new StandardWebhook(WRONG).sign(id, at(NOW - 3), body));
  add('standard-webhooks', { description: 'signed with another secret', producer: P, secrets: [S], headers, body, expected: 'invalid_signature', official: offSw(body, headers) });
  headers = hdr(id, NOW - 301, sw.sign(id, at(NOW - 301), body));
  add('standard-webhooks', { description: 'stale: timestamp 301 s before now', producer: P, secrets: [S], headers, body, expected: 'timestamp_out_of_tolerance', official: offSw(body, headers) });
  headers = hdr(id, NOW + 301, sw.sign(id, at(NOW + 301), body));
  add('standard-webhooks', { description: 'future: timestamp 301 s after now', producer: P, secrets: [S], headers, body, expected: 'timestamp_out_of_tolerance', official: offSw(body, headers) });
  headers = hdr(id, NOW - 300, sw.sign(id, at(NOW - 300), body));
  add('standard-webhooks', { description: 'edge: timestamp exactly 300 s before now', producer: P, secrets: [S], headers, body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, headers) });

  // Several space-separated signatures (rotation), as the spec allows.
  const other = new StandardWebhook(WRONG).sign(id, at(NOW - 3), body);
  headers = hdr(id, NOW - 3, `${other} ${good}`);
  add('standard-webhooks', { description: 'two v1 signatures, the second one matches', producer: `${P} (two secrets, space-joined)`, secrets: [S], headers, body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, headers) });
  headers = hdr(id, NOW - 3, `${good} ${other}`);
  add('standard-webhooks', { description: 'two v1 signatures, the first one matches', producer: `${P} (two secrets, space-joined)`, secrets: [S], headers, body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, headers) });
  add('standard-webhooks', { description: 'two v1 signatures; Sluice has two secrets, the second matches', producer: `${P} (space-joined)`, secrets: [S, WRONG], headers: hdr(id, NOW - 3, other), body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, hdr(id, NOW - 3, other), WRONG) });

  // v1a = ed25519 over the same content (spec "Asymmetric signatures"); not ours to check, must be skipped.
  // A fixed ed25519 key (PKCS#8 DER of a constant seed) keeps the output deterministic.
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHash('sha256').update('sluice-vectors-ed25519').digest()]), format: 'der', type: 'pkcs8' });
  const v1a = `v1a,${edSign(null, Buffer.from(`${id}.${NOW - 3}.${body}`), privateKey).toString('base64')}`;
  headers = hdr(id, NOW - 3, `${v1a} ${good}`);
  add('standard-webhooks', { description: 'a v1a (ed25519) entry before a matching v1 entry', producer: `${P} + node-crypto ed25519 v1a per ${DOCS.swSpec}`, secrets: [S], headers, body, expected: 'verified', eventId: id, eventType: type, official: offSw(body, headers) });
  headers = hdr(id, NOW - 3, v1a);
  add('standard-webhooks', { description: 'only a v1a (ed25519) entry', producer: `node-crypto ed25519 per ${DOCS.swSpec}`, secrets: [S], headers, body, expected: 'missing_signature', official: offSw(body, headers) });

  // The library accepts an empty payload explicitly (verify() returns undefined for "").
  const eid = 'msg_sluiceVecEmpty0001';
  headers = hdr(eid, NOW - 3, sw.sign(eid, at(NOW - 3), ''));
  add('standard-webhooks', { description: 'empty body', producer: P, secrets: [S], headers, body: '', expected: 'verified', eventId: eid, eventType: '', official: offSw('', headers) });

  // The spec's own published example.
  const specSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const specBody = '{"test": 2432232314}';
  const specSig = new StandardWebhook(specSecret).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', at(1614265330), specBody);
  assert.equal(specSig, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  headers = hdr('msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, specSig);
  add('standard-webhooks', { description: 'the Standard Webhooks spec example (secret, id, timestamp and signature as published)', producer: `${P}, equal to ${DOCS.swSpec}`, secrets: [specSecret], headers, body: specBody, now: 1614265330 + 10, expected: 'verified', eventId: 'msg_p5jXN8AQM9LWM0D4loKWxJek', eventType: '', official: offSw(specBody, headers, specSecret, 1614265330 + 10) });

  // Svix sends the same scheme under svix-* header names.
  const sid = 'msg_2SluiceVecSvix0001';
  const sbody = JSON.stringify({ type: 'contact.created', data: { email: 'ana@example.com', name: 'Ana Müller' } });
  const ssig = svix.sign(sid, at(NOW - 4), sbody);
  headers = { 'svix-id': sid, 'svix-timestamp': String(NOW - 4), 'svix-signature': ssig };
  add('standard-webhooks', { description: 'Svix header names (svix-id, svix-timestamp, svix-signature)', producer: PS, secrets: [S], headers, body: sbody, expected: 'verified', eventId: sid, eventType: 'contact.created', official: offSvix(sbody, headers) });
  headers = { 'webhook-id': sid, 'webhook-timestamp': String(NOW - 4), 'webhook-signature': ssig };
  add('standard-webhooks', { description: 'Svix signature under webhook-* header names', producer: PS, secrets: [S], headers, body: sbody, expected: 'verified', eventId: sid, eventType: 'contact.created', official: offSvix(sbody, headers) });
  headers = { 'svix-id': sid, 'svix-timestamp': String(NOW - 4), 'svix-signature': ssig, 'webhook-id': sid, 'webhook-timestamp': String(NOW - 4), 'webhook-signature': ssig };
  add('standard-webhooks', { description: 'both svix-* and webhook-* header names, same values', producer: PS, secrets: [S], headers, body: sbody, expected: 'verified', eventId: sid, eventType: 'contact.created', official: offSvix(sbody, headers) });
  headers = { 'svix-id': sid, 'svix-timestamp': String(NOW - 4), 'svix-signature': ssig };
  add('standard-webhooks', { description: 'Svix header names, tampered body', producer: PS, secrets: [S], headers, body: sbody.replace('Ana', 'Eve'), expected: 'invalid_signature', official: offSvix(sbody.replace('Ana', 'Eve'), headers) });
  headers = { 'svix-id': sid, 'svix-timestamp': String(NOW - 400), 'svix-signature': svix.sign(sid, at(NOW - 400), sbody) };
  add('standard-webhooks', { description: 'Svix header names, stale (400 s old)', producer: PS, secrets: [S], headers, body: sbody, expected: 'timestamp_out_of_tolerance', official: offSvix(sbody, headers) });
}

// ---- github ---------------------------------------------------------------------------------------

async function genGithub() {
  const S = 'sluice-vectors-github-secret';
  const WRONG = 'not-the-github-secret';
  const P = `${V.octokit} sign`;
  const by = `${V.octokit} verify`;
  const official = (payload, signature, secret = S) => verdictAsync(by, () => ghVerify(secret, payload, signature));
  const hdr = (sig, delivery, event) => ({ 'X-GitHub-Delivery': delivery, 'X-GitHub-Event': event, 'X-GitHub-Hook-ID': '123456789', 'X-Hub-Signature-256': sig, 'User-Agent': 'GitHub-Hookshot/044aadd', 'Content-Type': 'application/json' });
  const bodies = [
    ['a push event', JSON.stringify({ ref: 'refs/heads/main', before: '0'.repeat(40), after: 'a'.repeat(40), repository: { id: 1, full_name: 'sluice/vectors' }, pusher: { name: 'octocat' } }, null, 2), 'push'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ action: 'opened', issue: { number: 7, title: NON_ASCII_TEXT } }), 'issues'],
    ['a ping with an empty-ish JSON body', '{}', 'ping'],
    ['a large (128 KiB) body', largeJson({ action: 'completed', workflow_run: { id: 9 } }, LARGE), 'workflow_run'],
  ];
  let n = 0;
  for (const [what, body, event] of bodies) {
    const delivery = `72d3162e-cc78-11e3-81ab-4c9367dc0${String(++n).padStart(3, '0')}`;
    const sig = await ghSign(S, body);
    add('github', { description: `valid: ${what}`, producer: P, secrets: [S], headers: hdr(sig, delivery, event), body, expected: 'verified', eventId: delivery, eventType: event, official: await official(body, sig) });
  }
  const body = bodies[0][1];
  const delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
  const sig = await ghSign(S, body);
  add('github', { description: 'tampered body', producer: P, secrets: [S], headers: hdr(sig, delivery, 'push'), body: body.replace('octocat', 'octodog'), expected: 'invalid_signature', official: await official(body.replace('octocat', 'octodog'), sig) });
  const wrong = await ghSign(WRONG, body);
  add('github', { description: 'signed with another secret', producer: P, secrets: [S], headers: hdr(wrong, delivery, 'push'), body, expected: 'invalid_signature', official: await official(body, wrong) });
  add('github', { description: 'rotation: signed with the second configured secret', producer: P, secrets: [WRONG, S], headers: hdr(sig, delivery, 'push'), body, expected: 'verified', eventId: delivery, eventType: 'push', official: await verdictAsync(`${V.octokit} verifyWithFallback`, async () => (await import('@octokit/webhooks-methods')).verifyWithFallback(WRONG, body, sig, [S])) });
  // Form-encoded deliveries (content type application/x-www-form-urlencoded) are signed over the raw form body.
  const form = `payload=${encodeURIComponent(JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }))}`;
  const fsig = await ghSign(S, form);
  add('github', { description: 'form-encoded delivery (payload=...)', producer: P, secrets: [S], headers: { ...hdr(fsig, delivery, 'ping'), 'Content-Type': 'application/x-www-form-urlencoded' }, body: form, expected: 'verified', eventId: delivery, eventType: 'ping', official: await official(form, fsig) });
  // Bytes that are not UTF-8 (a Latin-1 form body): the HMAC covers the raw bytes.
  const latin1 = Buffer.from('payload=caf\xe9+cr\xe8me', 'latin1');
  const rawSig = `sha256=${createHmac('sha256', S).update(latin1).digest('hex')}`;
  add('github', { description: 'a body that is not UTF-8 (Latin-1 bytes)', producer: `node-crypto per ${DOCS.github} (octokit signs strings only)`, secrets: [S], headers: { ...hdr(rawSig, delivery, 'ping'), 'Content-Type': 'application/x-www-form-urlencoded' }, body: latin1, expected: 'verified', eventId: delivery, eventType: 'ping' });
  // GitHub's documented example.
  const docSecret = "It's a Secret to Everybody";
  const docBody = 'Hello, World!';
  const docSig = await ghSign(docSecret, docBody);
  assert.equal(docSig, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  add('github', { description: "GitHub's documented example (It's a Secret to Everybody / Hello, World!)", producer: `${P}, equal to ${DOCS.github}`, secrets: [docSecret], headers: hdr(docSig, delivery, 'ping'), body: docBody, expected: 'verified', eventId: delivery, eventType: 'ping', official: await official(docBody, docSig, docSecret) });
  // Only the legacy SHA-1 header (X-Hub-Signature) is not accepted.
  const sha1 = `sha1=${createHmac('sha1', S).update(body).digest('hex')}`;
  const legacy = hdr(sig, delivery, 'push');
  delete legacy['X-Hub-Signature-256'];
  legacy['X-Hub-Signature'] = sha1;
  add('github', { description: 'only the legacy X-Hub-Signature (sha1) header', producer: `node-crypto per ${DOCS.github}`, secrets: [S], headers: legacy, body, expected: 'missing_signature' });
  add('github', { description: 'both X-Hub-Signature (sha1) and X-Hub-Signature-256, as GitHub sends them', producer: `${P} + node-crypto sha1 per ${DOCS.github}`, secrets: [S], headers: { ...hdr(sig, delivery, 'push'), 'X-Hub-Signature': sha1 }, body, expected: 'verified', eventId: delivery, eventType: 'push', official: await official(body, sig) });
  const noDelivery = hdr(sig, delivery, 'push');
  delete noDelivery['X-GitHub-Delivery'];
  add('github', { description: 'valid signature, X-GitHub-Delivery missing', producer: P, secrets: [S], headers: noDelivery, body, expected: 'missing_event_id', official: await official(body, sig) });
}

// ---- slack ----------------------------------------------------------------------------------------

function genSlack() {
  const S = 'sluicevectorsslacksigningsecret0';
  const WRONG = '8f742231b10e8888abcd99yyyzzz85a5';
  const P = `node-crypto per ${DOCS.slack}`;
  const by = `${V.bolt} isValidSlackRequest (nowMilliseconds = now)`;
  const signSlack = (secret, ts, body) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const official = (body, headers, secret = S, now = NOW) => verdict(by, () => isValidSlackRequest({
    signingSecret: secret, body,
    headers: { 'x-slack-signature': headers['X-Slack-Signature'], 'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']) },
    nowMilliseconds: now * 1000,
  }));
  const hdr = (secret, ts, body) => ({ 'X-Slack-Request-Timestamp': String(ts), 'X-Slack-Signature': signSlack(secret, ts, body), 'Content-Type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded' });

  const bodies = [
    ['an Events API message event', JSON.stringify({ token: 'XXYYZZ', team_id: 'T1', api_app_id: 'A1', event: { type: 'message', channel: 'C1', user: 'U1', text: 'hello', ts: '1795435190.000100' }, type: 'event_callback', event_id: 'Ev08SLUICE01', event_time: NOW - 10 }), 'Ev08SLUICE01', 'message'],
    ['non-ASCII UTF-8 message text', JSON.stringify({ team_id: 'T1', event: { type: 'app_mention', text: NON_ASCII_TEXT }, type: 'event_callback', event_id: 'Ev08SLUICEU8' }), 'Ev08SLUICEU8', 'app_mention'],
    ['url_verification handshake', JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }), null, 'url_verification'],
    ['a large (128 KiB) event body', largeJson({ type: 'event_callback', event_id: 'Ev08SLUICEBIG', event: { type: 'message' } }, LARGE), 'Ev08SLUICEBIG', 'message'],
    ['a slash command (form-encoded)', 'token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0', null, 'slash_command'],
    ['an interactivity payload (form-encoded block_actions)', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1', name: 'Zoë' }, actions: [{ action_id: 'approve' }] }))}`, null, 'block_actions'],
    ['empty JSON object', '{}', null, ''],
  ];
  for (const [what, body, id, type] of bodies) {
    const headers = hdr(S, NOW - 2, body);
    if (type === 'url_verification') {
      // verified like any delivery, then answered with its challenge and never written to Kafka
      add('slack', { description: `handshake: ${what} (signed) is answered with {"challenge"}`, producer: P, secrets: [S], headers, body, expected: 'handshake', response: { status: 200, content_type: 'application/json', body: JSON.stringify({ challenge: JSON.parse(body).challenge }) }, official: official(body, headers) });
      continue;
    }
    add('slack', { description: `valid: ${what}`, producer: P, secrets: [S], headers, body, expected: 'verified', eventId: id ?? sha256Hex(body), eventType: type, official: official(body, headers) });
  }
  const body = bodies[0][1];
  let headers = hdr(S, NOW - 2, body);
  add('slack', { description: 'tampered body', producer: P, secrets: [S], headers, body: body.replace('hello', 'hellO'), expected: 'invalid_signature', official: official(body.replace('hello', 'hellO'), headers) });
  headers = hdr(WRONG, NOW - 2, body);
  add('slack', { description: 'signed with another secret', producer: P, secrets: [S], headers, body, expected: 'invalid_signature', official: official(body, headers) });
  headers = hdr(S, NOW - 301, body);
  add('slack', { description: 'stale: timestamp 301 s before now', producer: P, secrets: [S], headers, body, expected: 'timestamp_out_of_tolerance', official: official(body, headers) });
  headers = hdr(S, NOW + 600, body);
  add('slack', { description: 'future: timestamp 600 s after now (Sluice refuses; Bolt only refuses old ones)', producer: P, secrets: [S], headers, body, expected: 'timestamp_out_of_tolerance', official: official(body, headers) });
  headers = { ...hdr(S, NOW - 2, body), 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
  add('slack', { description: 'a retry (X-Slack-Retry-Num: 1)', producer: P, secrets: [S], headers, body, expected: 'verified', eventId: 'Ev08SLUICE01', eventType: 'message', official: official(body, headers) });
  // Slack's documented worked example.
  const docTs = 1531420618;
  const docBody = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  headers = hdr(WRONG, docTs, docBody);
  assert.equal(headers['X-Slack-Signature'], 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  add('slack', { description: "Slack's documented example (slash command, published signature)", producer: `${P} (equal to the published signature)`, secrets: [WRONG], headers, body: docBody, now: docTs + 30, expected: 'verified', eventId: sha256Hex(docBody), eventType: 'slash_command', official: official(docBody, headers, WRONG, docTs + 30) });
}

// ---- shopify --------------------------------------------------------------------------------------

async function genShopify() {
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

// ---- hume -----------------------------------------------------------------------------------------

function genHume() {
  const S = 'sluice-vectors-hume-webhook-signing-key';
  const WRONG = 'not-the-hume-signing-key';
  const P = `node-crypto replicating ${DOCS.hume}`;
  // Exactly Hume's example: message = `${payload}.${timestamp}`, HMAC-SHA256 keyed with the signing key, hex.
  const humeSig = (key, payload, timestamp) => createHmac('sha256', key).update(`${payload}.${timestamp}`).digest('hex');
  const hdr = (key, body, ts) => ({ 'X-Hume-AI-Webhook-Signature': humeSig(key, body, ts), 'X-Hume-AI-Webhook-Timestamp': String(ts), 'Content-Type': 'application/json' });
  const started = JSON.stringify({ event_name: 'chat_started', chat_group_id: '9fc18597-3567-42d5-94d6-935bde84bf2f', chat_id: '470a49f6-1dec-4afe-8b61-035d3b2d63b0', config_id: '1b60e1a0-cc59-424a-8d2c-189d354db3f3', caller_number: null, custom_session_id: null, start_time: (NOW - 5) * 1000, chat_start_type: 'new' });
  const ended = JSON.stringify({ event_name: 'chat_ended', chat_group_id: '9fc18597-3567-42d5-94d6-935bde84bf2f', chat_id: '470a49f6-1dec-4afe-8b61-035d3b2d63b0', config_id: null, caller_number: '+15551234567', custom_session_id: 'sess-Zoë-東京', end_time: (NOW - 1) * 1000, duration_seconds: 184, end_reason: 'USER_ENDED' });
  const bodies = [
    ['chat_started', started, 'chat_started'],
    ['chat_ended with non-ASCII UTF-8', ended, 'chat_ended'],
    ['empty JSON object', '{}', ''],
    ['a large (128 KiB) body', largeJson({ event_name: 'chat_ended' }, LARGE), 'chat_ended'],
  ];
  for (const [what, body, type] of bodies) {
    add('hume', { description: `valid: ${what}`, producer: P, secrets: [S], headers: hdr(S, body, NOW - 2), body, expected: 'verified', eventId: sha256Hex(body), eventType: type });
  }
  add('hume', { description: 'tampered body', producer: P, secrets: [S], headers: hdr(S, started, NOW - 2), body: started.replace('new', 'old'), expected: 'invalid_signature' });
  add('hume', { description: 'timestamp header changed after signing', producer: P, secrets: [S], headers: { ...hdr(S, started, NOW - 2), 'X-Hume-AI-Webhook-Timestamp': String(NOW - 1) }, body: started, expected: 'invalid_signature' });
  add('hume', { description: 'signed with another key', producer: P, secrets: [S], headers: hdr(WRONG, started, NOW - 2), body: started, expected: 'invalid_signature' });
  add('hume', { description: 'rotation: signed with the second configured key', producer: P, secrets: [WRONG, S], headers: hdr(S, started, NOW - 2), body: started, expected: 'verified', eventId: sha256Hex(started), eventType: 'chat_started' });
  add('hume', { description: 'stale: timestamp 181 s before now (Hume: 180 s window)', producer: P, secrets: [S], headers: hdr(S, started, NOW - 181), body: started, expected: 'timestamp_out_of_tolerance' });
  add('hume', { description: 'edge: timestamp exactly 180 s before now', producer: P, secrets: [S], headers: hdr(S, started, NOW - 180), body: started, expected: 'verified', eventId: sha256Hex(started), eventType: 'chat_started' });
  add('hume', { description: 'future: timestamp 600 s after now', producer: P, secrets: [S], headers: hdr(S, started, NOW + 600), body: started, expected: 'timestamp_out_of_tolerance' });
}

// ---- hyperspell -----------------------------------------------------------------------------------

function genHyperspell() {
  const S = 'sluice-vectors-hyperspell-jwt-secret';
  const WRONG = 'not-the-hyperspell-secret';
  const P = `node-crypto replicating ${DOCS.hyperspell}: hmac.new(secret.encode(), payload.encode(), sha256).hexdigest()`;
  const hs = (key, payload) => createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(payload, 'utf8')).digest('hex');
  const ev = (event, ts, extra = {}) => JSON.stringify({ event, app: 'app_sluice', user_id: 'user_1', source: 'notion', resource_id: 'res_1', timestamp: ts, ...extra });
  const bodies = [
    ['index-started', ev('index-started', NOW - 4), 'index-started'],
    ['index-completed with non-ASCII UTF-8', ev('index-completed', NOW - 1, { user_id: 'Zoë', resource_id: '東京-doc' }), 'index-completed'],
    ['minimal body (only a timestamp)', JSON.stringify({ timestamp: NOW }), ''],
    ['a large (128 KiB) body', largeJson({ event: 'index-completed', timestamp: NOW - 1 }, LARGE), 'index-completed'],
    ['null user_id and resource_id, pretty-printed', JSON.stringify({ event: 'index-started', app: 'app_sluice', user_id: null, source: 'slack', resource_id: null, timestamp: NOW - 3 }, null, 4), 'index-started'],
  ];
  for (const [what, body, type] of bodies) {
    add('hyperspell', { description: `valid: ${what}`, producer: P, secrets: [S], headers: { 'X-Hyperspell-Signature': hs(S, body), 'Content-Type': 'application/json' }, body, expected: 'verified', eventId: sha256Hex(body), eventType: type });
  }
  const body = bodies[0][1];
  add('hyperspell', { description: 'tampered body', producer: P, secrets: [S], headers: { 'X-Hyperspell-Signature': hs(S, body) }, body: body.replace('notion', 'gmail'), expected: 'invalid_signature' });
  add('hyperspell', { description: 'signed with another secret', producer: P, secrets: [S], headers: { 'X-Hyperspell-Signature': hs(WRONG, body) }, body, expected: 'invalid_signature' });
  add('hyperspell', { description: 'rotation: signed with the second configured secret', producer: P, secrets: [WRONG, S], headers: { 'X-Hyperspell-Signature': hs(S, body) }, body, expected: 'verified', eventId: sha256Hex(body), eventType: 'index-started' });
  const stale = ev('index-started', NOW - 301);
  add('hyperspell', { description: 'stale: body timestamp 301 s before now', producer: P, secrets: [S], headers: { 'X-Hyperspell-Signature': hs(S, stale) }, body: stale, expected: 'timestamp_out_of_tolerance' });
  const future = ev('index-started', NOW + 600);
  add('hyperspell', { description: 'future: body timestamp 600 s after now', producer: P, secrets: [S], headers: { 'X-Hyperspell-Signature': hs(S, future) }, body: future, expected: 'timestamp_out_of_tolerance' });
  const noTs = JSON.stringify({ event: 'index-started', app: 'app_sluice' });
  add('hyperspell', { description: 'valid signature, no /timestamp in the body', producer: P, secrets: [S], headers: { 'X-Hyperspell-Signature': hs(S, noTs) }, body: noTs, expected: 'missing_timestamp' });
}

// ---- aihummer-trigger -----------------------------------------------------------------------------

function genAiHummerTrigger() {
  const S = 'sluice-vectors-aihummer-trigger-secret';
  const WRONG = 'not-the-aihummer-secret';
  const P = `node-crypto per ${DOCS.aihummer}`;
  const sig = (key, body) => createHmac('sha256', key).update(body).digest('hex');
  const bodies = [
    ['a Zapier trigger', JSON.stringify({ channel: 'zapier', external_id: 'lead-99', text: 'New lead captured from the contact form.' }), 'trigger.zapier'],
    ['a Make trigger with non-ASCII UTF-8', JSON.stringify({ channel: 'make', external_id: 'tkt-Ø1', text: NON_ASCII_TEXT }), 'trigger.make'],
    ['empty JSON object (no channel)', '{}', 'trigger'],
    ['a large (128 KiB) body', largeJson({ channel: 'zapier', external_id: 'bulk-1' }, LARGE), 'trigger.zapier'],
  ];
  for (const [what, body, type] of bodies) {
    add('aihummer-trigger', { description: `valid: ${what}`, producer: P, secrets: [S], headers: { 'X-AIHummer-Signature': sig(S, body), 'Content-Type': 'application/json' }, body, expected: 'verified', eventId: sha256Hex(body), eventType: type });
  }
  const body = bodies[0][1];
  add('aihummer-trigger', { description: 'signature with a sha256= prefix', producer: P, secrets: [S], headers: { 'X-AIHummer-Signature': `sha256=${sig(S, body)}` }, body, expected: 'verified', eventId: sha256Hex(body), eventType: 'trigger.zapier' });
  add('aihummer-trigger', { description: 'Bearer token instead of a signature', producer: 'the doc\'s Bearer alternative', secrets: [S], headers: { Authorization: `Bearer ${S}` }, body, expected: 'verified', eventId: sha256Hex(body), eventType: 'trigger.zapier' });
  add('aihummer-trigger', { description: 'tampered body', producer: P, secrets: [S], headers: { 'X-AIHummer-Signature': sig(S, body) }, body: body.replace('lead-99', 'lead-98'), expected: 'invalid_signature' });
  add('aihummer-trigger', { description: 'signed with another secret', producer: P, secrets: [S], headers: { 'X-AIHummer-Signature': sig(WRONG, body) }, body, expected: 'invalid_signature' });
  add('aihummer-trigger', { description: 'wrong Bearer token', producer: 'the doc\'s Bearer alternative', secrets: [S], headers: { Authorization: `Bearer ${WRONG}` }, body, expected: 'invalid_signature' });
  add('aihummer-trigger', { description: 'rotation: signed with the second configured secret', producer: P, secrets: [WRONG, S], headers: { 'X-AIHummer-Signature': sig(S, body) }, body, expected: 'verified', eventId: sha256Hex(body), eventType: 'trigger.zapier' });
}

// ---- main -----------------------------------------------------------------------------------------

genStripe();
genStandardWebhooks();
await genGithub();
genSlack();
await genShopify();
genHume();
genHyperspell();
genAiHummerTrigger();
// The catalogue presets: one module per scheme under providers/ (see providers/index.mjs).
await generateProviders({ add, NOW, URL_BASE, LARGE, NON_ASCII_TEXT, largeJson, sha256Hex, atTime, verdict, verdictAsync, version, require });

// HTTP/2 (and many proxies) deliver header names in lower case: the first valid case of each scheme again,
// with every header name lower-cased.
for (const list of Object.values(cases)) {
  const first = list.find((c) => c.expected === 'verified');
  list.push({
    ...first,
    description: `header names in lower case (as HTTP/2 delivers them); otherwise: ${first.description}`,
    headers: Object.fromEntries(Object.entries(first.headers).map(([k, v]) => [k.toLowerCase(), v])),
  });
}

mkdirSync(OUT, { recursive: true });
for (const [scheme, list] of Object.entries(cases)) {
  writeFileSync(join(OUT, `${scheme}.json`), JSON.stringify(list, null, 2) + '\n');
  const producers = {};
  for (const c of list) producers[c.producer] = (producers[c.producer] ?? 0) + 1;
  console.log(`${scheme}: ${list.length} cases`);
  for (const [p, n] of Object.entries(producers)) console.log(`  ${n}  ${p}`);
  for (const c of list) {
    if (c.official_verifier) {
      const agrees = (c.expected === 'verified') === (c.official_verifier.result === 'accepted');
      if (!agrees) console.log(`  differs: official verifier ${c.official_verifier.result.slice(0, 60)} / Sluice expects ${c.expected}: ${c.description}`);
    }
  }
}
