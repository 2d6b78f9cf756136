// Vonage (signed webhooks of the Messages, Voice and Verify APIs): `Authorization: Bearer <JWT>`, HS256, keyed
// with the account's signature secret as text; the claims carry `iat` (unix s), `jti`, `iss` ("Vonage"),
// `api_key`, `application_id` and `payload_hash` = hex SHA-256 of the raw body, which must match (the JWT alone
// does not cover the body). `iat` must be within 300 s. Only HS256 is accepted (never `none`). Event id: the
// SHA-256 of the body (Vonage sends no delivery id; `jti` changes per attempt); type `/status`, else
// `/message_type`; time `/timestamp`; subject `/message_uuid`.
// Signed by: jsonwebtoken (the JWT library @vonage/jwt builds on) with Vonage's claim set. Checked by: the
// official @vonage/jwt verifySignature, plus the payload_hash comparison Vonage documents.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { atTimeAsync, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');
const { verifySignature } = require('@vonage/jwt');

export default async function vonage(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version, sha256Hex, add } = ctx;
  const V = `@vonage/jwt@${version('@vonage/jwt')}`;
  const J = `jsonwebtoken@${version('jsonwebtoken')}`;
  const S = 'sluiceVectorsVonageSignatureSecret0123456789abcdef';
  const WRONG = 'notTheVonageSignatureSecret0000000000000000000000';
  const claims = (body, ts) => ({
    iat: ts, jti: `c5ba8f24-1a14-4c10-bfdf-3fbe8ce5${String(ts % 10000).padStart(4, '0')}`, iss: 'Vonage',
    payload_hash: createHash('sha256').update(body, 'utf8').digest('hex'), api_key: 'a1b2c3d4', application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
  });
  const sign = async (secret, body, ts) => ({
    Authorization: `Bearer ${jwt.sign(claims(body, ts), secret, { algorithm: 'HS256' })}`, // keeps the claims' iat
    'Content-Type': 'application/json',
  });
  const by = `${V} verifySignature + payload_hash = SHA-256 of the body (Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    const token = headers.Authorization.replace(/^Bearer /, '');
    const ok = await atTimeAsync(now, () => verifySignature(token, secret));
    if (!ok) return { by, result: 'rejected' };
    const hash = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).payload_hash;
    return { by, result: hash === sha256Hex(body) ? 'accepted' : 'rejected: payload_hash differs' };
  };
  const status = JSON.stringify({ message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab', to: '447700900000', from: '447700900001', timestamp: '2026-11-23T11:59:57.000Z', status: 'delivered', usage: { currency: 'EUR', price: '0.0333' }, channel: 'sms' });
  const inbound = JSON.stringify({ channel: 'whatsapp', message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ac', to: '447700900000', from: '447700900002', timestamp: '2026-11-23T11:59:56.000Z', profile: { name: 'Zoë' }, text: NON_ASCII_TEXT, message_type: 'text' });
  const bodies = [
    ['a message status (delivered)', status, sha256Hex(status), 'delivered'],
    ['an inbound WhatsApp text with non-ASCII UTF-8', inbound, sha256Hex(inbound), 'text'],
    ['a large (128 KiB) body', largeJson({ message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ad', status: 'read', timestamp: '2026-11-23T11:59:57Z' }, LARGE), undefined, 'read'],
  ];
  bodies[2][2] = sha256Hex(bodies[2][1]);
  const P = `${J} sign (HS256) with Vonage's signed-webhook claims`;
  await standardCases(ctx, {
    scheme: 'vonage', producer: P, secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('delivered', 'rejected'),
  });
  const json = { 'Content-Type': 'application/json' };
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims(status, NOW - 5))).toString('base64url')}.`;
  add('vonage', { description: 'alg none (unsigned token) is refused', producer: 'hand-made unsecured JWT (RFC 7519 section 6)', secrets: [S], headers: { ...json, Authorization: `Bearer ${none}` }, body: status, expected: 'invalid_signature', official: await official(status, { Authorization: `Bearer ${none}` }, S, NOW) });
  const otherBody = await sign(S, inbound, NOW - 5);
  add('vonage', { description: 'a valid token for another body (payload_hash differs)', producer: P, secrets: [S], headers: otherBody, body: status, expected: 'invalid_signature', official: await official(status, otherBody, S, NOW) });
  add('vonage', { description: 'no Authorization header', producer: P, secrets: [S], headers: json, body: status, expected: 'missing_signature' });
}
