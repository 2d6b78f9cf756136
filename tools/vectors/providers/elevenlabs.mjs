// ElevenLabs: `ElevenLabs-Signature: t=<unix s>,v0=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the webhook's
// shared secret as text (elevenlabs.io/docs/product-guides/administration/webhooks, "Authentication"); the SDK
// refuses timestamps older than 30 minutes. Bodies carry no delivery id: the id is the SHA-256 of the body.
// Type `/type`, time `/event_timestamp`, subject `/data/conversation_id`.
// Signed by: Node crypto per the docs (the SDK's HMAC helper is module-private; it has no signer).
// Checked by: the official SDK's webhooks.constructEvent, every case.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { atTimeAsync, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { ElevenLabsClient } = require('@elevenlabs/elevenlabs-js');

export default async function elevenlabs(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version, sha256Hex } = ctx;
  const V = `@elevenlabs/elevenlabs-js@${version('@elevenlabs/elevenlabs-js')}`;
  const S = 'wsec_sluicevectorselevenlabs0000000000000000000001';
  const WRONG = 'wsec_notthe-elevenlabs-webhook-secret-000000000000';
  const client = new ElevenLabsClient({ apiKey: 'unused-no-api-calls-are-made' });
  const hmac = (secret, ts, body) => createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
  const sign = async (secret, body, ts) => ({ 'ElevenLabs-Signature': `t=${ts},v0=${hmac(secret, ts, body)}`, 'Content-Type': 'application/json' });
  const by = `${V} webhooks.constructEvent (tolerance: 30 min in the past; Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      const sig = headers['ElevenLabs-Signature'] ?? headers['elevenlabs-signature'];
      await atTimeAsync(now, () => client.webhooks.constructEvent(body, sig, secret));
      return { by, result: 'accepted' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const ts = NOW - 7; // when ElevenLabs made the event (the body's time), a little before it signed it
  const transcription = JSON.stringify({
    type: 'post_call_transcription', event_timestamp: ts,
    data: {
      agent_id: 'agent_7101k5zvyjhmfg983brhmhkd98n6', conversation_id: 'conv_0201k5zwsbxfe4bt7s0mhp1dqktw', status: 'done',
      transcript: [{ role: 'agent', message: 'Hey there! How can I help you today?', time_in_call_secs: 0 }, { role: 'user', message: 'I would like to check my order.', time_in_call_secs: 3 }],
      metadata: { start_time_unix_secs: ts - 120, call_duration_secs: 22, cost: 296 },
      analysis: { call_successful: 'success', transcript_summary: 'The user asked about an order.' },
    },
  });
  const withNonAscii = JSON.stringify({
    type: 'call_initiation_failure', event_timestamp: ts,
    data: { agent_id: 'agent_7101k5zvyjhmfg983brhmhkd98n6', conversation_id: 'conv_0201k5zwsbxfe4bt7s0mhp1dqktx', failure_reason: 'busy', metadata: { type: 'twilio', body: { note: NON_ASCII_TEXT } } },
  });
  const large = largeJson({ type: 'post_call_audio', event_timestamp: ts, data: { agent_id: 'agent_7101k5zvyjhmfg983brhmhkd98n6', conversation_id: 'conv_0201k5zwsbxfe4bt7s0mhp1dqkty' } }, LARGE);
  const bodies = [
    ['a post_call_transcription event', transcription, sha256Hex(transcription), 'post_call_transcription'],
    ['non-ASCII UTF-8 in the body (call_initiation_failure)', withNonAscii, sha256Hex(withNonAscii), 'call_initiation_failure'],
    ['a large (128 KiB) post_call_audio body', large, sha256Hex(large), 'post_call_audio'],
  ];
  await standardCases(ctx, {
    scheme: 'elevenlabs', producer: `node-crypto per ElevenLabs' webhook docs (hex HMAC-SHA256 of "<t>.<body>"), each case checked by ${V}`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 1800,
    tamper: (b) => b.replace('"done"', '"failed"'),
  });
  const P = `node-crypto per ElevenLabs' webhook docs, each case checked by ${V}`;
  const body = transcription;
  const noV0 = { 'ElevenLabs-Signature': `t=${NOW - 2},v1=${hmac(S, NOW - 2, body)}` };
  ctx.add('elevenlabs', { description: 'the right HMAC under another version key (v1=): not ElevenLabs\' scheme', producer: P, secrets: [S], headers: noV0, body, expected: 'missing_signature', official: await official(body, noV0, S, NOW) });
}
