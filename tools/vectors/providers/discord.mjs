// Discord: `X-Signature-Ed25519` = hex Ed25519 signature of "<X-Signature-Timestamp><raw body>", verified
// with the application's public key (hex, Developer Portal), per
// https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
// and https://discord.com/developers/docs/events/webhook-events. Signed by Node crypto with a fixed test key
// (only Discord holds the real private key); checked by the official discord-interactions verifyKey.
// The PING handshakes (webhook events type 0: 204; interactions type 1: {"type":1}) are signed too.
import { createHash, createPrivateKey, createPublicKey, sign as edSign } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { verifyKey } = require('discord-interactions');

function keyPair(seed) {
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHash('sha256').update(seed).digest()]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicHex: spki.subarray(spki.length - 32).toString('hex') };
}

export default async function discord(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version, add } = ctx;
  const V = `discord-interactions@${version('discord-interactions')}`;
  const keys = { S: keyPair('sluice-vectors-discord'), WRONG: keyPair('not-the-discord-key') };
  const sign = async (name, body, ts) => ({
    'X-Signature-Ed25519': edSign(null, Buffer.from(`${ts}${body}`, 'utf8'), keys[name].privateKey).toString('hex'),
    'X-Signature-Timestamp': String(ts), 'Content-Type': 'application/json',
  });
  const by = `${V} verifyKey`;
  const official = async (body, headers, publicHex) => ({ by, result: (await verifyKey(body, headers['X-Signature-Ed25519'], headers['X-Signature-Timestamp'], publicHex)) ? 'accepted' : 'rejected' });
  const event = (type, data) => JSON.stringify({ version: 1, application_id: '1234560123453231555', type: 1, event: { type, timestamp: '2026-11-23T11:59:55.000000+00:00', data } });
  const bodies = [
    ['an APPLICATION_AUTHORIZED webhook event', event('APPLICATION_AUTHORIZED', { integration_type: 0, user: { id: '53908232506183680', username: 'mason' }, scopes: ['applications.commands'] }), null, 'APPLICATION_AUTHORIZED'],
    ['non-ASCII UTF-8 in an ENTITLEMENT_CREATE event', event('ENTITLEMENT_CREATE', { id: '1083818883', sku_id: '9999', user_id: '53908232506183680', note: NON_ASCII_TEXT }), null, 'ENTITLEMENT_CREATE'],
    ['an APPLICATION_COMMAND interaction (id in the body)', JSON.stringify({ type: 2, id: '786008729715212338', application_id: '1234560123453231555', token: 'A_UNIQUE_TOKEN', version: 1, guild_id: '290926798626357999', data: { id: '771825006014889984', name: 'blep', type: 1 } }), '786008729715212338', ''],
    ['a large (128 KiB) body', largeJson({ version: 1, application_id: '1234560123453231555', type: 1, event: { type: 'APPLICATION_AUTHORIZED', timestamp: '2026-11-23T11:59:55Z' } }, LARGE), null, 'APPLICATION_AUTHORIZED'],
  ].map(([what, body, id, type]) => [what, body, id ?? createHash('sha256').update(body).digest('hex'), type]);
  await standardCases(ctx, {
    scheme: 'discord', producer: `node-crypto Ed25519 over "<timestamp><body>" (fixed test key), as ${V} verifyKey checks it`,
    secret: 'S', wrong: 'WRONG', configured: (name) => keys[name].publicHex, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('mason', 'mallory'),
  });
  const P = `node-crypto Ed25519 (fixed test key), checked by ${V} verifyKey`;
  const ts = NOW - 5;
  const ping0 = JSON.stringify({ version: 1, application_id: '1234560123453231555', type: 0 });
  let h = await sign('S', ping0, ts);
  add('discord', { description: 'handshake: webhook events PING (type 0) is answered 204', producer: P, secrets: [keys.S.publicHex], headers: h, body: ping0, expected: 'handshake', response: { status: 204, body: '' }, official: await official(ping0, h, keys.S.publicHex) });
  const ping1 = JSON.stringify({ id: '786008729715212338', application_id: '1234560123453231555', type: 1, token: 'A_UNIQUE_TOKEN', version: 1 });
  h = await sign('S', ping1, ts);
  add('discord', { description: 'handshake: interactions PING (type 1) is answered {"type":1}', producer: P, secrets: [keys.S.publicHex], headers: h, body: ping1, expected: 'handshake', response: { status: 200, content_type: 'application/json', body: '{"type":1}' }, official: await official(ping1, h, keys.S.publicHex) });
  h = await sign('WRONG', ping1, ts);
  add('discord', { description: 'a PING signed with another key is refused, not answered', producer: P, secrets: [keys.S.publicHex], headers: h, body: ping1, expected: 'invalid_signature', official: await official(ping1, h, keys.S.publicHex) });
}
