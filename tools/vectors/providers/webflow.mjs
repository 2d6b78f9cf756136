// Webflow: `x-webflow-signature` = hex HMAC-SHA256 of "<x-webflow-timestamp>:<raw body>", keyed with the OAuth
// app's client secret (or the webhook's secret) as text; the timestamp is in milliseconds and Webflow says to
// refuse requests older than 5 minutes (https://developers.webflow.com/data/docs/working-with-webhooks,
// "Validating request signatures"). No delivery id: the event id is the SHA-256 of the body. Type: `triggerType`.
// Signed by: Node crypto per that page (the SDK has no signer). Checked by: webflow-api webhooks.verifySignature,
// which checks the signature only (not the timestamp's age: Sluice is stricter there).
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { WebflowClient } = require('webflow-api');

export default async function webflow(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, sha256Hex, version, verdictAsync } = ctx;
  const V = `webflow-api@${version('webflow-api')}`;
  const DOC = 'https://developers.webflow.com/data/docs/working-with-webhooks (Validating request signatures)';
  const S = '5e0f1c7a3b9d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0f';
  const WRONG = '0000000000000000000000000000000000000000000000000000000000000000';
  const sign = async (secret, body, ts) => {
    const ms = String(ts * 1000 + 733);
    return { 'x-webflow-timestamp': ms, 'x-webflow-signature': createHmac('sha256', secret).update(`${ms}:${body}`).digest('hex'), 'Content-Type': 'application/json' };
  };
  const client = new WebflowClient({ accessToken: 'unused-no-api-calls' });
  const by = `${V} webhooks.verifySignature (signature only)`;
  const official = async (body, headers, secret) => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    return verdictAsync(by, () => client.webhooks.verifySignature({ headers: lower, body, secret }));
  };
  const form = JSON.stringify({ triggerType: 'form_submission', payload: { name: 'Contact Us', siteId: '65427cf400e02b306eaa049c', data: { 'First Name': 'Zaphod', 'Last Name': 'Beeblebrox', email: 'zaphod@heartofgold.ai', 'Phone Number': 15550000000 }, schema: [{ fieldName: 'First Name', fieldType: 'FormTextInput', fieldElementId: '285042f7-d554-dc7f-102c-aa10d6a2d2c4' }], submittedAt: '2026-11-23T11:59:55.117Z', id: '6321ca84df3949bfc6752327', formId: '65429eadebe8a9f3a30f62d0', formElementId: '4e038d2c-6a1e-4953-7be9-a59a2b453177' } });
  const bodies = [
    ['a form_submission event', form, 'form_submission'],
    ['non-ASCII UTF-8 in the body (a CMS item)', JSON.stringify({ triggerType: 'collection_item_created', payload: { id: '65a5a1a1b2c3d4e5f6a7b8c9', siteId: '65427cf400e02b306eaa049c', collectionId: '6390c49774a71f0e3c1a08ee', fieldData: { name: NON_ASCII_TEXT, slug: 'gruesse' }, createdOn: '2026-11-23T11:59:55.000Z', lastUpdated: '2026-11-23T11:59:55.000Z' } }), 'collection_item_created'],
    ['a site_publish event', JSON.stringify({ triggerType: 'site_publish', payload: { siteId: '65427cf400e02b306eaa049c', publishedOn: '2026-11-23T11:59:50.000Z', domains: ['heartofgold.webflow.io'], publishedBy: { displayName: 'Zaphod Beeblebrox' } } }), 'site_publish'],
    ['a large (128 KiB) body', largeJson({ triggerType: 'ecomm_new_order' }, LARGE), 'ecomm_new_order'],
  ].map(([what, body, type]) => [what, body, sha256Hex(body), type]);
  await standardCases(ctx, {
    scheme: 'webflow', producer: `node-crypto per ${DOC}`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('Zaphod', 'Zaphad'),
  });
  const h = await sign(S, form, NOW - 5);
  const secondsOnly = { ...h, 'x-webflow-timestamp': String(NOW - 5) };
  ctx.add('webflow', { description: 'the signed millisecond timestamp replaced by the same time in seconds', producer: `node-crypto per ${DOC}`, secrets: [S], headers: secondsOnly, body: form, expected: 'invalid_signature', official: await official(form, secondsOnly, S) });
}
