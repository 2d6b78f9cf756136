import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');

// ---- standard-webhooks (standardwebhooks + svix) -------------------------------------------------

export default function genStandardWebhooks() {
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
