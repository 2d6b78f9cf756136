// Telnyx (API v2): `telnyx-signature-ed25519` = base64 Ed25519 signature of "<telnyx-timestamp>|<raw body>",
// `telnyx-timestamp` in unix seconds, 300 s of tolerance either way (the SDK's window). The source's
// `secrets` hold the account's public key as Mission Control hands it out (base64 of the 32 raw bytes).
// Event: `/data/id`, `/data/event_type`, `/data/occurred_at`, subject `/data/payload/id`.
// Signed by: Node crypto Ed25519 with a fixed test key (only Telnyx holds the real private key).
// Checked by: the official SDK's TelnyxWebhook.verify.
import { createHash, createPrivateKey, createPublicKey, sign as edSign } from 'node:crypto';
import { createRequire } from 'node:module';
import { atTimeAsync, requireInternal, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
require('telnyx');
const { TelnyxWebhook } = requireInternal('telnyx', 'lib/webhooks.js');

/** A fixed Ed25519 key from a seed (PKCS#8 DER prefix + 32-byte seed), so the output is deterministic. */
function keyPair(seed) {
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), createHash('sha256').update(seed).digest()]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicBase64: spki.subarray(spki.length - 32).toString('base64') };
}

export default async function telnyx(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version } = ctx;
  const V = `telnyx@${version('telnyx')}`;
  const keys = { S: keyPair('sluice-vectors-telnyx'), WRONG: keyPair('not-the-telnyx-key') };
  const sign = async (name, body, ts) => ({
    'telnyx-signature-ed25519': edSign(null, Buffer.from(`${ts}|${body}`, 'utf8'), keys[name].privateKey).toString('base64'),
    'telnyx-timestamp': String(ts), 'Content-Type': 'application/json',
  });
  const by = `${V} TelnyxWebhook.verify (Date.now pinned to now)`;
  const official = async (body, headers, publicKey, now) => {
    try {
      await atTimeAsync(now, () => new TelnyxWebhook(publicKey).verify(body, headers));
      return { by, result: 'accepted' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const event = (id, type, payload) => JSON.stringify({ data: { event_type: type, id, occurred_at: '2026-11-23T11:59:57.117+00:00', payload, record_type: 'event' }, meta: { attempt: 1, delivered_to: 'https://hooks.sluice.example/webhooks/telnyx' } });
  const bodies = [
    ['a message.received event', event('b301ed3f-1490-491f-995f-6e64e69674d4', 'message.received', { id: '40385f64-5717-4562-b3fc-2c963f66afa6', direction: 'inbound', from: { phone_number: '+13125550001' }, to: [{ phone_number: '+17735550002' }], text: 'Hello from Telnyx!', type: 'SMS' }), 'b301ed3f-1490-491f-995f-6e64e69674d4', 'message.received'],
    ['non-ASCII UTF-8 in the body', event('b301ed3f-1490-491f-995f-6e64e69674d5', 'message.received', { id: '40385f64-5717-4562-b3fc-2c963f66afa7', text: NON_ASCII_TEXT, type: 'SMS' }), 'b301ed3f-1490-491f-995f-6e64e69674d5', 'message.received'],
    ['a large (128 KiB) body', largeJson({ data: { event_type: 'call.hangup', id: 'b301ed3f-1490-491f-995f-6e64e69674d6', occurred_at: '2026-11-23T11:59:57Z', payload: { id: 'v3:call1' }, record_type: 'event' } }, LARGE), 'b301ed3f-1490-491f-995f-6e64e69674d6', 'call.hangup'],
  ];
  await standardCases(ctx, {
    scheme: 'telnyx', producer: `node-crypto Ed25519 over "<timestamp>|<body>" (fixed test key), as ${V} TelnyxWebhook.verify checks it`,
    secret: 'S', wrong: 'WRONG', configured: (name) => keys[name].publicBase64, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('Hello from Telnyx!', 'Hello from Mallory'),
  });
}
