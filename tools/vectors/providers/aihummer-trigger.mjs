import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);

// ---- aihummer-trigger -----------------------------------------------------------------------------

export default function genAiHummerTrigger() {
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
