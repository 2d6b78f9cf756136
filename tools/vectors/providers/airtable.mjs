// Airtable: `X-Airtable-Content-MAC: hmac-sha256=<hex>` of the body, keyed with the base64-decoded macSecretBase64,
// replicating Airtable's documented example.
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function airtable(h) {
  const ts = h.NOW - 5;

  // Airtable's example: key = Buffer.from(macSecretBase64, 'base64'); 'hmac-sha256=' + hex HMAC-SHA256 of the body.
  const AIRTABLE = 'https://airtable.com/developers/web/api/webhooks-overview#webhook-notification-delivery';
  const ping = (base, hook) => JSON.stringify({ base: { id: base }, webhook: { id: hook }, timestamp: new Date(ts * 1000).toISOString() });
  const airS = Buffer.from('sluice-vectors-airtable-mac-secret').toString('base64');
  await standardCases(h, {
    scheme: 'airtable',
    producer: `node-crypto replicating ${AIRTABLE} (X-Airtable-Content-MAC: hmac-sha256=<hex>, key = base64-decoded macSecretBase64)`,
    secret: airS, wrong: Buffer.from('not-the-airtable-mac-secret').toString('base64'),
    deliver: (key, body) => ({ 'X-Airtable-Content-MAC': `hmac-sha256=${mac('sha256', Buffer.from(key, 'base64'), body, 'hex')}`, 'Content-Type': 'application/json' }),
    bodies: [
      ['a notification ping', ping('appSluiceVectors1', 'achSluiceVectors1'), h.sha256Hex(ping('appSluiceVectors1', 'achSluiceVectors1')), ''],
      ['another base', ping('appSluiceVectors2', 'achSluiceVectors2'), h.sha256Hex(ping('appSluiceVectors2', 'achSluiceVectors2')), ''],
    ],
    tamper: (b) => b.replace('appSluiceVectors1', 'appSluiceVectors9'),
  });
}
