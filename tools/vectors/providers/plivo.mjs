// Plivo (signature V3, Voice callbacks): `X-Plivo-Signature-V3` = base64 HMAC-SHA256 (auth token as text) of
// "<scheme>://<host[:port]><path>[?<sorted decoded query>][.]<POST params sorted, name+value>.<nonce>", the nonce
// being `X-Plivo-Signature-V3-Nonce`; `X-Plivo-Signature-Ma-V3` is the same signed with the main account's token
// (https://www.plivo.com/docs/voice/xml/request/validation). The URL is the one Plivo called: the source's
// `public-url` (`public_url` in each case); the ingress sees another one behind its load balancer.
// Signed by: Node crypto building the string exactly as the official library's validateV3Signature does (it
// exposes no signer). Checked by: plivo validateV3Signature('POST', url, nonce, authToken, header, params).
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const plivo = require('plivo');

export default async function plivoVectors(ctx) {
  const { version, add } = ctx;
  const V = `plivo@${version('plivo')}`;
  const DOC = 'https://www.plivo.com/docs/voice/xml/request/validation';
  const P = `node-crypto per ${V} validateV3Signature's signed string (${DOC})`;
  const S = 'MjA5ZTJkY2Y4ZjA1NzI3YWY0ZTJhNDFiN2M3Mzlk';
  const MAIN = 'NzQ1YjgxZDVjZTJiYjI3MzE3ZjNkYWY2OGE1MWQ5';
  const WRONG = 'ZmFrZWZha2VmYWtlZmFrZWZha2VmYWtlZmFrZWZh';
  const PUBLIC = 'https://hooks.sluice.example/plivo/answer';
  const INTERNAL = 'http://10.0.0.7:8080/webhooks/plivo';
  const form = (params) => new URLSearchParams(params).toString();
  const parse = (body) => {
    const out = {};
    for (const [k, v] of new URLSearchParams(body)) (out[k] ??= []).push(v);
    return out;
  };
  const sortedEntries = (o) => Object.keys(o).sort().flatMap((k) => [...o[k]].sort().map((v) => [k, v]));
  const signedString = (url, params) => {
    const u = new URL(url);
    const query = parse(u.search.slice(1));
    let s = `${u.protocol}//${u.host}${url.slice(url.indexOf(u.host) + u.host.length).split('?')[0]}`;
    const hasQuery = Object.keys(query).length > 0;
    const hasParams = Object.keys(params).length > 0;
    if (hasQuery || hasParams) s += `?${sortedEntries(query).map(([k, v]) => `${k}=${v}`).join('&')}`;
    if (hasQuery && hasParams) s += '.';
    return s + sortedEntries(params).map(([k, v]) => `${k}${v}`).join('');
  };
  const sig = (token, url, body, nonce) => createHmac('sha256', token).update(`${signedString(url, parse(body))}.${nonce}`).digest('base64');
  const by = `${V} validateV3Signature`;
  const official = (token, header, url, body, nonce) => ({ by, result: plivo.validateV3Signature('POST', url, nonce, token, header, parse(body)) ? 'accepted' : 'rejected' });
  const id = (b) => createHash('sha256').update(b).digest('hex');
  const h = (signature, nonce, extra = {}) => ({ 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce, 'Content-Type': 'application/x-www-form-urlencoded', ...extra });
  const base = { secrets: [S], public_url: PUBLIC, url: INTERNAL, producer: P };
  const N = '05429567804466091622';

  const answer = form({ CallUUID: '1e5ae5b2-7d1c-4c3e-9b8a-3f2d1c0b9a87', CallStatus: 'ringing', Direction: 'inbound', Event: 'StartApp', From: '14155550100', To: '14155550199', CallerName: '+14155550100', BillRate: '0.0085' });
  let s = sig(S, PUBLIC, answer, N);
  add('plivo', { ...base, description: 'valid: an answer_url request (StartApp), signed over public-url (the ingress sees another URL)', headers: h(s, N), body: answer, expected: 'verified', eventId: id(answer), eventType: 'call.ringing', official: official(S, s, PUBLIC, answer, N) });
  add('plivo', { ...base, description: 'tampered body (To changed)', headers: h(s, N), body: answer.replace('To=14155550199', 'To=14155550198'), expected: 'invalid_signature', official: official(S, s, PUBLIC, answer.replace('To=14155550199', 'To=14155550198'), N) });
  add('plivo', { ...base, description: 'another nonce than the signed one', headers: h(s, '05429567804466091623'), body: answer, expected: 'invalid_signature', official: official(S, s, PUBLIC, answer, '05429567804466091623') });
  add('plivo', { ...base, public_url: undefined, description: 'public-url not configured: the URL the ingress saw is not the signed one', headers: h(s, N), body: answer, expected: 'invalid_signature' });
  const wrong = sig(WRONG, PUBLIC, answer, N);
  add('plivo', { ...base, description: 'signed with another auth token', headers: h(wrong, N), body: answer, expected: 'invalid_signature', official: official(S, wrong, PUBLIC, answer, N) });
  add('plivo', { ...base, secrets: [WRONG, S], description: 'rotation: signed with the second configured auth token', headers: h(s, N), body: answer, expected: 'verified', eventId: id(answer), eventType: 'call.ringing', official: official(S, s, PUBLIC, answer, N) });
  add('plivo', { ...base, description: 'X-Plivo-Signature-V3-Nonce missing', headers: { 'X-Plivo-Signature-V3': s, 'Content-Type': 'application/x-www-form-urlencoded' }, body: answer, expected: 'missing_signature' });
  add('plivo', { ...base, description: 'two signatures in X-Plivo-Signature-V3 (comma-separated), the second by the configured token', headers: h(`${wrong},${s}`, N), body: answer, expected: 'verified', eventId: id(answer), eventType: 'call.ringing', official: official(S, `${wrong},${s}`, PUBLIC, answer, N) });
  const sub = sig(WRONG, PUBLIC, answer, N);
  const ma = sig(MAIN, PUBLIC, answer, N);
  add('plivo', { ...base, secrets: [MAIN], description: 'valid: a sub-account\'s callback, checked with the main account\'s token in X-Plivo-Signature-Ma-V3', headers: h(sub, N, { 'X-Plivo-Signature-Ma-V3': ma }), body: answer, expected: 'verified', eventId: id(answer), eventType: 'call.ringing', official: official(MAIN, ma, PUBLIC, answer, N) });

  const hangup = form({ CallUUID: '1e5ae5b2-7d1c-4c3e-9b8a-3f2d1c0b9a87', CallStatus: 'completed', Direction: 'inbound', Event: 'Hangup', From: '14155550100', To: '14155550199', CallerName: 'Jürgen Größ ☎ 東京', Duration: '42', HangupCause: 'NORMAL_CLEARING', BillDuration: '60', TotalCost: '0.00850' });
  const N2 = '77123409981234509876';
  s = sig(S, PUBLIC, hangup, N2);
  add('plivo', { ...base, description: 'valid: a hangup_url request with non-ASCII UTF-8 in a parameter', headers: h(s, N2), body: hangup, expected: 'verified', eventId: id(hangup), eventType: 'call.completed', official: official(S, s, PUBLIC, hangup, N2) });

  const withQuery = 'https://hooks.sluice.example/plivo/answer?tenant=b%20c&app=a&app=0';
  s = sig(S, withQuery, answer, N);
  add('plivo', { ...base, public_url: withQuery, description: 'valid: public-url with a query (its parameters decoded and sorted, then "." and the POST parameters)', headers: h(s, N), body: answer, expected: 'verified', eventId: id(answer), eventType: 'call.ringing', official: official(S, s, withQuery, answer, N) });
  const queryFromRequest = 'https://hooks.sluice.example/plivo/answer?tenant=acme';
  s = sig(S, queryFromRequest, answer, N);
  add('plivo', { ...base, url: `${INTERNAL}?tenant=acme`, description: 'valid: the request\'s query string is part of the signed URL (public-url has none)', headers: h(s, N), body: answer, expected: 'verified', eventId: id(answer), eventType: 'call.ringing', official: official(S, s, queryFromRequest, answer, N) });

  s = sig(S, PUBLIC, '', N);
  add('plivo', { ...base, description: 'valid: a POST without parameters (the URL and the nonce are signed)', headers: h(s, N), body: '', expected: 'verified', eventId: id(''), eventType: '', official: official(S, s, PUBLIC, '', N) });

  const repeated = form([['CallUUID', 'c-1'], ['CallStatus', 'in-progress'], ['Digits', '9'], ['Digits', '1'], ['From', '14155550100']]);
  s = sig(S, PUBLIC, repeated, N);
  add('plivo', { ...base, description: 'valid: a parameter given twice (its values sorted)', headers: h(s, N), body: repeated, expected: 'verified', eventId: id(repeated), eventType: 'call.in-progress', official: official(S, s, PUBLIC, repeated, N) });

  const large = form({ CallUUID: '5d1c2b3a-large', CallStatus: 'completed', Event: 'Hangup', Notes: 'Grüße aus Köln — ☕ '.repeat(2600) });
  s = sig(S, PUBLIC, large, N);
  add('plivo', { ...base, description: 'valid: a large (over 128 KiB) form body', headers: h(s, N), body: large, expected: 'verified', eventId: id(large), eventType: 'call.completed', official: official(S, s, PUBLIC, large, N) });
}
