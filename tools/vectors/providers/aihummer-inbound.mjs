import { createHash } from 'node:crypto';

// ---- aihummer-inbound -------------------------------------------------------------------------------
// A shared-secret header (no signature to compute): cases per AiHummer's inbound doc.

const P = 'AiHummer "Inbound & Integration Triggers" doc: X-AIHummer-Inbound-Secret equals the shared secret (/work/shared/seeds/003_ff6b0fb7427a782c.txt)';

export default function genAiHummerInbound(h) {
  const { NOW, URL_BASE, NON_ASCII_TEXT, add } = h;
  const S = 'sluice-vectors-inbound-secret';
  const body = JSON.stringify({ channel: 'email', external_id: 'ticket-7', text: 'Hallo' });
  const id = createHash('sha256').update(body).digest('hex');
  add('aihummer-inbound', { description: 'valid: the secret in the header', producer: P, secrets: [S], headers: { 'X-AIHummer-Inbound-Secret': S }, body, expected: 'verified', eventId: id, eventType: 'inbound.email' });
  add('aihummer-inbound', { description: 'wrong secret', producer: P, secrets: [S], headers: { 'X-AIHummer-Inbound-Secret': `${S}x` }, body, expected: 'invalid_signature' });
  add('aihummer-inbound', { description: 'rotation: the second configured secret', producer: P, secrets: ['old-secret', S], headers: { 'X-AIHummer-Inbound-Secret': S }, body, expected: 'verified', eventId: id, eventType: 'inbound.email' });
  add('aihummer-inbound', { description: 'header missing', producer: P, secrets: [S], headers: {}, body, expected: 'missing_signature' });
  add('aihummer-inbound', { description: 'Telegram update without channel', producer: P, secrets: [S], headers: { 'X-AIHummer-Inbound-Secret': S }, body: '{"update_id":1,"message":{"text":"hi"}}', expected: 'verified', eventId: createHash('sha256').update('{"update_id":1,"message":{"text":"hi"}}').digest('hex'), eventType: 'inbound.telegram' });
}
