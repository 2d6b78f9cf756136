// Sanity (GROQ-powered webhooks): `sanity-webhook-signature: t=<unix ms>,v1=<base64url HMAC-SHA256 of "<t>.<raw body>">`,
// keyed with the webhook's secret as text. The toolkit checks no age; Sluice refuses timestamps further than
// 300 s away. The body is the webhook's GROQ projection (by default the document after the change): type is
// its `/_type`, else the `sanity-operation` header; id the `idempotency-key` header, else the SHA-256 of the
// body; subject `/_id`.
// Signed by: the official toolkit's encodeSignatureHeader. Checked by: its isValidSignature.
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { encodeSignatureHeader, isValidSignature } = require('@sanity/webhook');

export default async function sanity(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version, verdictAsync, sha256Hex, add, NOW } = ctx;
  const V = `@sanity/webhook@${version('@sanity/webhook')}`;
  const S = 'sluice-vectors-sanity-webhook-secret';
  const WRONG = 'not-the-sanity-webhook-secret';
  const keys = new Map();
  const sign = async (secret, body, ts) => ({
    'sanity-webhook-signature': await encodeSignatureHeader(body, ts * 1000 + 250, secret),
    'idempotency-key': keys.get(body) ?? 'msg-1WBa6YmHDJ4dP8kX9kH2nR:txn-9zQv',
    'sanity-project-id': 'abc123de', 'sanity-dataset': 'production', 'sanity-operation': 'update',
    'Content-Type': 'application/json',
  });
  const official = async (body, headers, secret) => verdictAsync(`${V} isValidSignature (checks no age)`,
    () => isValidSignature(body, headers['sanity-webhook-signature'], secret));
  const post = JSON.stringify({ _id: 'post-7c1f3b', _type: 'post', _rev: 'Xk2hH6tJq1', _createdAt: '2026-11-20T09:00:00Z', _updatedAt: '2026-11-23T11:59:57Z', title: 'Hello, world', slug: { _type: 'slug', current: 'hello-world' } });
  const product = JSON.stringify({ _id: 'product-2b9e', _type: 'product', _rev: 'Yk3iI7uKr2', title: NON_ASCII_TEXT, price: 19.9 });
  const large = largeJson({ _id: 'catalog-1', _type: 'catalog' }, LARGE);
  keys.set(post, 'msg-1WBa6YmHDJ4dP8kX9kH2nR:txn-9zQv').set(product, 'msg-1WBa6YmHDJ4dP8kX9kH2nS:txn-9zQw').set(large, 'msg-1WBa6YmHDJ4dP8kX9kH2nT:txn-9zQx');
  const bodies = [
    ['a post updated (the whole document, the default projection)', post, keys.get(post), 'post'],
    ['non-ASCII UTF-8 in the body', product, keys.get(product), 'product'],
    ['a large (128 KiB) body', large, keys.get(large), 'catalog'],
  ];
  await standardCases(ctx, {
    scheme: 'sanity', producer: `${V} encodeSignatureHeader (ms timestamp)`, secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('Hello, world', 'Hello, Mallory'),
  });
  const h = await sign(S, post, NOW - 5);
  delete h['idempotency-key'];
  add('sanity', { description: 'no idempotency-key header: the id is the SHA-256 of the body', producer: `${V} encodeSignatureHeader (ms timestamp)`, secrets: [S], headers: h, body: post, expected: 'verified', eventId: sha256Hex(post), eventType: 'post', official: await official(post, h, S) });
  const projection = JSON.stringify({ ids: { updated: ['post-7c1f3b'] }, projectId: 'abc123de', dataset: 'production' });
  keys.set(projection, 'msg-1WBa6YmHDJ4dP8kX9kH2nU:txn-9zQy');
  const hp = await sign(S, projection, NOW - 5);
  add('sanity', { description: 'a custom projection without _type: the type is the sanity-operation header', producer: `${V} encodeSignatureHeader (ms timestamp)`, secrets: [S], headers: hp, body: projection, expected: 'verified', eventId: keys.get(projection), eventType: 'update', official: await official(projection, hp, S) });
}
