// Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1 (auth token) of the URL Twilio called followed by the POST
// parameters sorted by name (name + value each), per https://www.twilio.com/docs/usage/security#validating-requests.
// Signed by the official twilio library's getExpectedTwilioSignature and checked by its validateRequest /
// validateRequestWithBody; plus Twilio's published example (authToken 12345). The URL Twilio called is the
// source's `public-url` (`public_url` in each case); the ingress sees another one behind its load balancer.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const twilio = require('twilio');

export default async function twilioVectors(ctx) {
  const { version, add } = ctx;
  const V = `twilio@${version('twilio')}`;
  const P = `${V} webhooks.getExpectedTwilioSignature`;
  const S = 'sluicevectorstwilioauthtoken01';
  const WRONG = 'notthetwilioauthtoken000000000';
  const PUBLIC = 'https://hooks.sluice.example/sms';
  const INTERNAL = 'http://10.0.0.7:8080/webhooks/twilio';
  const form = (params) => new URLSearchParams(params).toString();
  const parse = (body) => {
    const out = {};
    for (const [k, v] of new URLSearchParams(body)) out[k] = k in out ? [].concat(out[k], v) : v;
    return out;
  };
  const sign = (secret, url, body) => twilio.getExpectedTwilioSignature(secret, url, parse(body));
  const by = `${V} validateRequest`;
  const official = (secret, sig, url, body) => ({ by, result: twilio.validateRequest(secret, sig, url, parse(body)) ? 'accepted' : 'rejected' });
  const sms = form({ ToCountry: 'US', SmsMessageSid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', NumMedia: '0', SmsSid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', SmsStatus: 'received', Body: 'Grüße aus Köln ☕', To: '+14155550199', MessageSid: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', AccountSid: 'AC00000000000000000000000000000000', From: '+14155550100', ApiVersion: '2010-04-01' });
  const id = (b) => createHash('sha256').update(b).digest('hex');
  const base = { secrets: [S], public_url: PUBLIC, url: INTERNAL };
  const h = (sig, extra = {}) => ({ 'X-Twilio-Signature': sig, 'Content-Type': 'application/x-www-form-urlencoded', ...extra });

  let sig = sign(S, PUBLIC, sms);
  add('twilio', { ...base, description: 'valid: an incoming SMS, signed over public-url (the ingress sees another URL)', producer: P, headers: h(sig), body: sms, expected: 'verified', eventId: id(sms), eventType: 'message.received', official: official(S, sig, PUBLIC, sms) });
  add('twilio', { ...base, description: 'valid: I-Twilio-Idempotency-Token is the event id', producer: P, headers: h(sig, { 'I-Twilio-Idempotency-Token': '9b2d6bb8-7f01-4bb3-9c39-2d7aa2c1b3a1' }), body: sms, expected: 'verified', eventId: '9b2d6bb8-7f01-4bb3-9c39-2d7aa2c1b3a1', eventType: 'message.received', official: official(S, sig, PUBLIC, sms) });
  add('twilio', { ...base, description: 'tampered body (Body changed)', producer: P, headers: h(sig), body: sms.replace('Body=Gr', 'Body=Kr'), expected: 'invalid_signature', official: official(S, sig, PUBLIC, sms.replace('Body=Gr', 'Body=Kr')) });
  add('twilio', { ...base, description: 'public-url not configured: the URL the ingress saw is not the signed one', producer: P, public_url: undefined, headers: h(sig), body: sms, expected: 'invalid_signature' });
  const wrongSig = sign(WRONG, PUBLIC, sms);
  add('twilio', { ...base, description: 'signed with another auth token', producer: P, headers: h(wrongSig), body: sms, expected: 'invalid_signature', official: official(S, wrongSig, PUBLIC, sms) });
  add('twilio', { ...base, secrets: [WRONG, S], description: 'rotation: signed with the second configured auth token', producer: P, headers: h(sig), body: sms, expected: 'verified', eventId: id(sms), eventType: 'message.received', official: official(S, sig, PUBLIC, sms) });
  const withPort = 'https://hooks.sluice.example:443/sms';
  sig = sign(S, withPort, sms);
  add('twilio', { ...base, description: 'valid: signed with the default port in the URL (the library tries both forms)', producer: P, headers: h(sig), body: sms, expected: 'verified', eventId: id(sms), eventType: 'message.received', official: official(S, sig, PUBLIC, sms) });
  const call = form({ CallSid: 'CA1234567890ABCDE', CallStatus: 'ringing', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212', AccountSid: 'AC00000000000000000000000000000000' });
  const callUrl = 'https://hooks.sluice.example/voice?foo=1&bar=2';
  sig = sign(S, callUrl, call);
  add('twilio', { ...base, public_url: 'https://hooks.sluice.example/voice', url: 'http://10.0.0.7:8080/webhooks/twilio?foo=1&bar=2', description: 'valid: a voice call; the request\'s query string is part of the signed URL', producer: P, headers: h(sig), body: call, expected: 'verified', eventId: id(call), eventType: 'call.ringing', official: official(S, sig, callUrl, call) });
  const doc = form({ CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' });
  add('twilio', { secrets: ['12345'], public_url: 'https://mycompany.com/myapp.php?foo=1&bar=2', url: 'http://10.0.0.7:8080/webhooks/twilio', description: 'valid: Twilio\'s published example (authToken 12345)', producer: 'https://www.twilio.com/docs/usage/security#validating-requests (example signature GvWf1cFY/Q7PnoempGyD5oXAezc=)', headers: h('GvWf1cFY/Q7PnoempGyD5oXAezc='), body: doc, expected: 'verified', eventId: id(doc), eventType: '', official: official('12345', 'GvWf1cFY/Q7PnoempGyD5oXAezc=', 'https://mycompany.com/myapp.php?foo=1&bar=2', doc) });
  const json = JSON.stringify({ CallSid: 'CA1234567890ABCDE', Caller: '+12349013030' });
  const jsonUrl = `https://hooks.sluice.example/events?bodySHA256=${createHash('sha256').update(json).digest('hex')}`;
  sig = twilio.getExpectedTwilioSignature(S, jsonUrl, {});
  const byBody = `${V} validateRequestWithBody`;
  add('twilio', { secrets: [S], public_url: 'https://hooks.sluice.example/events', url: `${INTERNAL}?bodySHA256=${createHash('sha256').update(json).digest('hex')}`, description: 'valid: a JSON body, its hash in the URL\'s bodySHA256', producer: P, headers: { 'X-Twilio-Signature': sig, 'Content-Type': 'application/json' }, body: json, expected: 'verified', eventId: id(json), eventType: '', official: { by: byBody, result: twilio.validateRequestWithBody(S, sig, jsonUrl, json) ? 'accepted' : 'rejected' } });
  add('twilio', { secrets: [S], public_url: 'https://hooks.sluice.example/events', url: `${INTERNAL}?bodySHA256=${createHash('sha256').update(json).digest('hex')}`, description: 'JSON body changed: no longer matches bodySHA256', producer: P, headers: { 'X-Twilio-Signature': sig, 'Content-Type': 'application/json' }, body: json.replace('CA12', 'CA13'), expected: 'invalid_signature', official: { by: byBody, result: twilio.validateRequestWithBody(S, sig, jsonUrl, json.replace('CA12', 'CA13')) ? 'accepted' : 'rejected' } });
}
