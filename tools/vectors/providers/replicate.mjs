// Replicate: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, `whsec_` secret,
// 300 s). The body is the prediction itself: event id `webhook-id`, type `/status` (starting, processing,
// succeeded, failed, canceled), time `/created_at`, subject `/id`. Signed by `standardwebhooks` Webhook.sign;
// checked by the official client's validateWebhook.
import { createRequire } from 'node:module';
import { standardWebhookCases } from './_standard.mjs';

const require = createRequire(import.meta.url);
const { validateWebhook } = require('replicate');

export default async function replicate(ctx) {
  const { NON_ASCII_TEXT, LARGE, largeJson, version, verdictAsync } = ctx;
  const V = `replicate@${version('replicate')}`;
  const official = async (body, headers, secret) => verdictAsync(`${V} validateWebhook (checks the signature only)`,
    () => validateWebhook({ id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body, secret }));
  const prediction = (id, status, input, output) => JSON.stringify({
    id, model: 'replicate/hello-world', version: '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa',
    input, logs: '', output, error: null, status, created_at: '2026-11-23T11:59:50.100000Z', started_at: '2026-11-23T11:59:51.000000Z',
    completed_at: status === 'succeeded' ? '2026-11-23T11:59:57.400000Z' : null,
    urls: { get: `https://api.replicate.com/v1/predictions/${id}`, cancel: `https://api.replicate.com/v1/predictions/${id}/cancel` },
    metrics: { predict_time: 0.5 },
  });
  await standardWebhookCases(ctx, {
    scheme: 'replicate', sdk: V,
    secret: 'whsec_c2x1aWNlLXZlY3RvcnMtcmVwbGljYXRlLXNlY3JldDE=',
    wrong: 'whsec_bm90LXRoZS1yZXBsaWNhdGUtc2VjcmV0LTAwMDA=',
    bodies: [
      ['a succeeded prediction', prediction('ufawqhfynnddngldkgtslldrkq', 'succeeded', { text: 'Alice' }, 'hello Alice'), 'msg_2nFUeGO35wfR9YUHd5GLu3VzzR0', 'succeeded'],
      ['non-ASCII UTF-8 in the body', prediction('ufawqhfynnddngldkgtslldrkr', 'processing', { text: NON_ASCII_TEXT }, null), 'msg_2nFUeGO35wfR9YUHd5GLu3VzzR1', 'processing'],
      ['a large (128 KiB) body', largeJson({ id: 'ufawqhfynnddngldkgtslldrks', status: 'starting', created_at: '2026-11-23T11:59:50Z' }, LARGE), 'msg_2nFUeGO35wfR9YUHd5GLu3VzzR2', 'starting'],
    ],
    official, tamper: (b) => b.replace('hello Alice', 'hello Mallory'),
  });
}
