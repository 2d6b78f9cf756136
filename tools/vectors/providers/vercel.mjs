// Vercel: `x-vercel-signature` = hex HMAC-SHA1 of the raw body, replicating Vercel's documented example.
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function vercel(h) {
  const ts = h.NOW - 5;

  const VERCEL = 'https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks';
  const vercelBody = (id, type, payload, at = ts) => JSON.stringify({ id, type, createdAt: ms(at), region: 'iad1', payload });
  await standardCases(h, {
    scheme: 'vercel',
    producer: `node-crypto replicating ${VERCEL} (x-vercel-signature: hex HMAC-SHA1 of the raw body)`,
    secret: 'sluiceVectorsVercelSecret0001', wrong: 'notTheVercelSecret00000000000',
    deliver: (key, body) => ({ 'x-vercel-signature': mac('sha1', key, body, 'hex'), 'Content-Type': 'application/json' }),
    bodies: [
      ['deployment.created', vercelBody('uHwRsUwiD5m4gxvNq2S3Kw3y', 'deployment.created', { team: { id: 'team_1' }, user: { id: 'user_1' }, deployment: { id: 'dpl_2nA7GbNnz1qg3pnfXfLbcuBNAeUN', url: 'sluice-vectors-1a2b3c.vercel.app', name: 'sluice-vectors' }, project: { id: 'prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB' }, target: 'production' }), 'uHwRsUwiD5m4gxvNq2S3Kw3y', 'deployment.created'],
      ['project.created with non-ASCII UTF-8', vercelBody('uHwRsUwiD5m4gxvNq2S3Kw3z', 'project.created', { project: { id: 'prj_1', name: h.NON_ASCII_TEXT } }), 'uHwRsUwiD5m4gxvNq2S3Kw3z', 'project.created'],
      ['a large (128 KiB) body', h.largeJson({ id: 'uHwRsUwiD5m4gxvNq2S3Kw40', type: 'deployment.succeeded', createdAt: ms(ts) }, h.LARGE), 'uHwRsUwiD5m4gxvNq2S3Kw40', 'deployment.succeeded'],
    ],
    tamper: (b) => b.replace('production', 'preview'),
  });
}
