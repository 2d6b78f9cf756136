// Retell AI: `x-retell-signature: v=<unix ms>,d=<hex HMAC-SHA256 of "<raw body><ms>">`, keyed with the Retell API
// key that has the webhook badge (docs.retellai.com/features/secure-webhook); the SDK allows 5 minutes either way.
// Bodies carry no delivery id (`event` plus a `call` or `chat` object; one call sends several events): the id is
// the SHA-256 of the body. Type `/event`, subject `/call/call_id`.
// Signed by: the official SDK's own signer, retell-sdk `sign(body, apiKey)` (its clock pinned to the case's time).
// Checked by: retell-sdk `verify(body, apiKey, signature)`, every case.
import { createRequire } from 'node:module';
import { atTimeAsync, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { sign: retellSign, verify: retellVerify } = require('retell-sdk');

export default async function retell(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version, sha256Hex } = ctx;
  const V = `retell-sdk@${version('retell-sdk')}`;
  const S = 'key_sluicevectorsretellwebhookbadge01';
  const WRONG = 'key_notthe-retell-webhook-api-key-000';
  const sign = async (secret, body, ts) => ({
    'x-retell-signature': await atTimeAsync(ts, () => retellSign(body, secret)),
    'Content-Type': 'application/json',
  });
  const by = `${V} verify (5 min either way; Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      const ok = await atTimeAsync(now, () => retellVerify(body, secret, headers['x-retell-signature']));
      return { by, result: ok ? 'accepted' : 'rejected' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const ms = (s) => s * 1000;
  const call = (event, callId, extra) => JSON.stringify({
    event,
    call: {
      call_type: 'phone_call', from_number: '+12137771234', to_number: '+12137771235', direction: 'inbound',
      call_id: callId, agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD', call_status: 'ended',
      metadata: {}, retell_llm_dynamic_variables: { customer_name: 'John Doe' },
      start_timestamp: ms(NOW - 70), end_timestamp: ms(NOW - 10), disconnection_reason: 'user_hangup',
      transcript: 'Agent: hi how are you doing?\nUser: Doing pretty well. How are you?', ...extra,
    },
  });
  const ended = call('call_ended', 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6', {});
  const analyzed = call('call_analyzed', 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq7', { transcript: NON_ASCII_TEXT, call_analysis: { call_summary: 'Grüße — the caller booked a table.', user_sentiment: 'Positive', call_successful: true } });
  const large = largeJson({ event: 'transcript_updated', call: { call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq8', agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD', call_status: 'ongoing', start_timestamp: ms(NOW - 70) } }, LARGE);
  await standardCases(ctx, {
    scheme: 'retell', producer: `${V} sign (v=<ms>,d=<hex HMAC-SHA256 of body + ms>)`,
    secret: S, wrong: WRONG, deliver: sign, official, tolerance: 300,
    bodies: [
      ['a call_ended event', ended, sha256Hex(ended), 'call_ended'],
      ['non-ASCII UTF-8 in the body (call_analyzed)', analyzed, sha256Hex(analyzed), 'call_analyzed'],
      ['a large (128 KiB) transcript_updated body', large, sha256Hex(large), 'transcript_updated'],
    ],
    tamper: (b) => b.replace('user_hangup', 'agent_hangup'),
  });
  // A chat event: the same signature over a body with a `chat` object.
  const chat = JSON.stringify({ event: 'chat_ended', chat: { chat_id: 'Chat8cb2YYJHfvl6Syypi88rdAHYHmcq9', agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD', chat_status: 'ended', start_timestamp: ms(NOW - 300), end_timestamp: ms(NOW - 8) } });
  const hc = await sign(S, chat, NOW - 4);
  ctx.add('retell', { description: 'a chat_ended event (chat object)', producer: `${V} sign`, secrets: [S], headers: hc, body: chat, expected: 'verified', eventId: sha256Hex(chat), eventType: 'chat_ended', official: await official(chat, hc, S, NOW) });
  // v= rewritten from milliseconds to seconds: the HMAC was over "<body><ms>", so it no longer matches (the SDK
  // would also read the seconds as milliseconds of 1970): both refuse it.
  const secs = { 'x-retell-signature': (await sign(S, ended, NOW - 4))['x-retell-signature'].replace(/^v=(\d+)\d{3},/, 'v=$1,') };
  ctx.add('retell', { description: 'v= in seconds (the signature was over milliseconds)', producer: `${V} sign, then v= cut to seconds`, secrets: [S], headers: secs, body: ended, expected: 'invalid_signature', official: await official(ended, secs, S, NOW) });
}
