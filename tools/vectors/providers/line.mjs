// LINE Messaging API: `x-line-signature` = base64 HMAC-SHA256 of the raw body, keyed with the channel secret as
// text (https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/). No timestamp is signed. A
// delivery is {"destination":…,"events":[…]} with no delivery id: the event id is the SHA-256 of the body (a
// redelivery sets deliveryContext.isRedelivery, so it gets a new id; consumers dedupe on webhookEventId); the
// first event gives the type. The console's "Verify" button posts an empty `events` array, signed.
// Signed by: Node crypto per LINE's page (the SDK has no signer). Checked by: @line/bot-sdk validateSignature.
// (@line/bot-sdk 11.0.0 is the last release for Node 20.)
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { validateSignature } = require('@line/bot-sdk');

export default async function line(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, sha256Hex, version, verdict } = ctx;
  const V = `@line/bot-sdk@${version('@line/bot-sdk')}`;
  const DOC = 'https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/';
  const S = '8c570fa6dd201bb328f1c1eac23a96d8';
  const WRONG = '00000000000000000000000000000000';
  const sign = async (secret, body) => ({
    'x-line-signature': createHmac('sha256', secret).update(body).digest('base64'), 'Content-Type': 'application/json; charset=utf-8',
  });
  const official = async (body, headers, secret) => verdict(`${V} validateSignature`,
    () => validateSignature(body, secret, headers['x-line-signature']));
  const dest = 'U8e5e2a4bc0c3f2a1d9b7e6f5a4c3b2a1';
  const user = { type: 'user', userId: 'U4af4980629a1b2c3d4e5f60718293a4b' };
  const ev = (type, id, extra) => ({ type, ...extra, webhookEventId: id, deliveryContext: { isRedelivery: false }, timestamp: (NOW - 3) * 1000 + 462, source: user, mode: 'active' });
  const message = JSON.stringify({ destination: dest, events: [ev('message', '01JD8Z6Y7K3M9Q2W4E6R8T0Y2U', { message: { type: 'text', id: '468789577898262530', quoteToken: 'q3Plxr4AgKd', text: 'Hello, world' }, replyToken: 'b60d432864f44d079f6d8efe86cf404b' })] });
  const bodies = [
    ['a text message event', message, sha256Hex(message), 'message'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ destination: dest, events: [ev('message', '01JD8Z6Y7K3M9Q2W4E6R8T0Y2V', { message: { type: 'text', id: '468789577898262531', text: NON_ASCII_TEXT }, replyToken: 'b60d432864f44d079f6d8efe86cf404c' })] }), undefined, 'message'],
    ['two events in one delivery (follow, then postback): the first gives the type', JSON.stringify({ destination: dest, events: [ev('follow', '01JD8Z6Y7K3M9Q2W4E6R8T0Y2W', { replyToken: '85cbe770fa8b4f45bbe077b1d4be4a36', follow: { isUnblocked: false } }), ev('postback', '01JD8Z6Y7K3M9Q2W4E6R8T0Y2X', { replyToken: 'b60d432864f44d079f6d8efe86cf404d', postback: { data: 'action=buy&itemid=111' } })] }), undefined, 'follow'],
    ['a large (128 KiB) body', largeJson({ destination: dest, events: [ev('message', '01JD8Z6Y7K3M9Q2W4E6R8T0Y2Y', { message: { type: 'text', id: '1', text: 'large' } })] }, LARGE), undefined, 'message'],
  ].map(([what, body, , type]) => [what, body, sha256Hex(body), type]);
  await standardCases(ctx, {
    scheme: 'line', producer: `node-crypto per ${DOC} (base64 HMAC-SHA256 of the body)`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official,
    tamper: (b) => b.replace('Hello, world', 'Hello, World'),
  });
  const P = `node-crypto per ${DOC}`;
  const verify = JSON.stringify({ destination: dest, events: [] });
  let h = await sign(S, verify);
  ctx.add('line', { description: 'valid: the console\'s "Verify" request (no events; type empty)', producer: P, secrets: [S], headers: h, body: verify, expected: 'verified', eventId: sha256Hex(verify), eventType: '', official: await official(verify, h, S) });
  const redelivered = message.replace('"isRedelivery":false', '"isRedelivery":true');
  h = await sign(S, redelivered);
  ctx.add('line', { description: 'valid: a redelivery (isRedelivery true) is another body, so another id', producer: P, secrets: [S], headers: h, body: redelivered, expected: 'verified', eventId: sha256Hex(redelivered), eventType: 'message', official: await official(redelivered, h, S) });
  h = { 'x-line-signature': createHmac('sha256', S).update(message).digest('hex'), 'Content-Type': 'application/json; charset=utf-8' };
  ctx.add('line', { description: 'the right HMAC in hex instead of base64', producer: P, secrets: [S], headers: h, body: message, expected: 'malformed_signature', official: await official(message, h, S) });
}
