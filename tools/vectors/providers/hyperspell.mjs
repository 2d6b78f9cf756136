import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);

// ---- hyperspell -----------------------------------------------------------------------------------

export default function genHyperspell() {
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
