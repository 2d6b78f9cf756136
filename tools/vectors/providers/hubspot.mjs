// HubSpot (signature v3): `X-HubSpot-Signature-v3` = base64 HMAC-SHA256 of
// "<method><public URL><raw body><X-HubSpot-Request-Timestamp>", keyed with the app's client secret as text;
// the timestamp is in milliseconds and HubSpot says to refuse requests older than 5 minutes. The URL is the
// source's `public-url` (the one HubSpot called). A delivery is a JSON array of up to 100 events and carries
// no delivery id: the event id is the SHA-256 of the body (a retry carries a new `attemptNumber`, so it gets
// a new id; consumers dedupe single events on their `eventId`); the first event gives type
// (`subscriptionType`), time (`occurredAt`) and subject (`objectId`).
// Signed by: the official client's Signature.getSignature('POST', 'v3', …). Checked by: its Signature.isValid.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { atTimeAsync, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { Signature } = require('@hubspot/api-client');

export default async function hubspot(ctx) {
  const { NON_ASCII_TEXT, version } = ctx;
  const V = `@hubspot/api-client@${version('@hubspot/api-client')}`;
  const S = 'sluice-vectors-hubspot-client-secret-0001';
  const WRONG = 'not-the-hubspot-client-secret-000000000';
  const PUBLIC = 'https://hooks.sluice.example/webhooks/hubspot?portal=62515';
  const sign = async (secret, body, ts) => {
    const ms = ts * 1000 + 123;
    return {
      'X-HubSpot-Signature-v3': Signature.getSignature('POST', 'v3', { clientSecret: secret, requestBody: body, url: PUBLIC, timestamp: ms }),
      'X-HubSpot-Request-Timestamp': String(ms), 'Content-Type': 'application/json',
    };
  };
  const by = `${V} Signature.isValid (v3; Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      const ok = await atTimeAsync(now, () => Signature.isValid({ signatureVersion: 'v3', method: 'POST', signature: headers['X-HubSpot-Signature-v3'], clientSecret: secret, requestBody: body, url: PUBLIC, timestamp: Number(headers['X-HubSpot-Request-Timestamp']) }));
      return { by, result: ok ? 'accepted' : 'rejected' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const ev = (eventId, type, objectId, extra = {}) => ({ eventId, subscriptionId: 2847341, portalId: 62515, appId: 1160452, occurredAt: 1795435197000, subscriptionType: type, attemptNumber: 0, objectId, changeSource: 'CRM', ...extra });
  const idOf = (events) => createHash('sha256').update(JSON.stringify(events), 'utf8').digest('hex');
  const one = [ev(1795435001, 'contact.propertyChange', 512, { propertyName: 'lifecyclestage', propertyValue: 'customer' })];
  const two = [ev(1795435002, 'contact.creation', 513, { changeFlag: 'NEW' }), ev(1795435003, 'contact.propertyChange', 513, { propertyName: 'firstname', propertyValue: NON_ASCII_TEXT })];
  // HubSpot sends up to 100 events per request: 100 events with long property values make 128 KiB.
  const large = Array.from({ length: 100 }, (_, i) => ev(1795436000 + i, 'deal.propertyChange', 9001 + i, { propertyName: 'description', propertyValue: `Grüße ${'x'.repeat(1300)}` }));
  const bodies = [
    ['one contact.propertyChange event', JSON.stringify(one), idOf(one), 'contact.propertyChange'],
    ['a batch of two events with non-ASCII UTF-8', JSON.stringify(two), idOf(two), 'contact.creation'],
    ['a large (128 KiB) batch of 100 events', JSON.stringify(large), idOf(large), 'deal.propertyChange'],
  ];
  await standardCases(ctx, {
    scheme: 'hubspot', producer: `${V} Signature.getSignature('POST', 'v3', …) over "POST<public URL><body><ms timestamp>"`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('customer', 'lead'),
    extra: { public_url: PUBLIC, url: 'http://10.0.3.7:8080/webhooks/hubspot?portal=62515' },
  });
}
