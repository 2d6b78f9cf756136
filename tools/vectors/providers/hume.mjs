import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);

// ---- hume -----------------------------------------------------------------------------------------

export default function genHume() {
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
