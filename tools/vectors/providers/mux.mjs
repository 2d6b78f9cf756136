// Mux: `Mux-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the signing secret as
// text; the SDK allows 300 s of age. Event: `/id`, `/type`, `/created_at`, subject `/object/id`.
// Signed by: the official SDK's webhooks.computeSignature. Checked by: its webhooks.verifySignature.
import { createRequire } from 'node:module';
import { atTimeAsync, standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { Mux } = require('@mux/mux-node');

export default async function mux(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version } = ctx;
  const V = `@mux/mux-node@${version('@mux/mux-node')}`;
  const S = 'sluicevectorsmuxsigningsecret0000000001';
  const WRONG = 'notthemuxsigningsecret00000000000000000';
  const client = new Mux({ tokenId: 'unused-no-api-calls', tokenSecret: 'unused-no-api-calls' });
  const sign = async (secret, body, ts) => ({
    'Mux-Signature': `t=${ts},v1=${await client.webhooks.computeSignature(`${ts}.${body}`, secret)}`,
    'Content-Type': 'application/json',
  });
  const by = `${V} webhooks.verifySignature (Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      await atTimeAsync(now, () => client.webhooks.verifySignature(body, headers, secret));
      return { by, result: 'accepted' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const event = (id, type, object, data) => JSON.stringify({
    type, object, id, environment: { name: 'Production', id: 'j0863n' }, data,
    created_at: '2026-11-23T11:59:57.514000Z', attempts: [], accessor_source: null, accessor: null, request_id: null,
  });
  const asset = { type: 'asset', id: 'QrikEQpEXp3RvklQSHyHSYOakQkhXRlB' };
  const bodies = [
    ['a video.asset.ready event', event('3a56ac3d-33da-4366-855b-f592d898409d', 'video.asset.ready', asset, { id: asset.id, status: 'ready', duration: 23.8, playback_ids: [{ id: 'x0sB9u8aFYkV00', policy: 'public' }] }), '3a56ac3d-33da-4366-855b-f592d898409d', 'video.asset.ready'],
    ['non-ASCII UTF-8 in the body', event('3a56ac3d-33da-4366-855b-f592d898409e', 'video.asset.updated', asset, { id: asset.id, passthrough: NON_ASCII_TEXT }), '3a56ac3d-33da-4366-855b-f592d898409e', 'video.asset.updated'],
    ['a large (128 KiB) body', largeJson({ type: 'video.upload.created', id: '3a56ac3d-33da-4366-855b-f592d898409f', created_at: '2026-11-23T11:59:57Z' }, LARGE), '3a56ac3d-33da-4366-855b-f592d898409f', 'video.upload.created'],
  ];
  await standardCases(ctx, {
    scheme: 'mux', producer: `${V} webhooks.computeSignature over "<t>.<body>"`, secret: S, wrong: WRONG, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('"ready"', '"errored"'),
  });
  const body = bodies[0][1];
  const a = await sign(WRONG, body, NOW - 2);
  const b = await sign(S, body, NOW - 2);
  const both = { 'Mux-Signature': `${a['Mux-Signature']},v1=${b['Mux-Signature'].split('v1=')[1]}` };
  ctx.add('mux', { description: 'two v1 signatures, the second one by the configured secret', producer: `${V} webhooks.computeSignature`, secrets: [S], headers: both, body, expected: 'verified', eventId: bodies[0][2], eventType: bodies[0][3], official: await official(body, both, S, NOW) });
}
