// OpenAI: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, `whsec_` secret, 300 s).
// Event id: `webhook-id` (OpenAI: use it to deduplicate); type `/type`, time `/created_at` (unix s),
// subject `/data/id`. Signed by `standardwebhooks` Webhook.sign; checked by the official SDK's
// client.webhooks.verifySignature.
import { createRequire } from 'node:module';
import { atTimeAsync } from '../lib/kit.mjs';
import { standardWebhookCases } from './_standard.mjs';

const require = createRequire(import.meta.url);
const OpenAI = require('openai');

export default async function openai(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version } = ctx;
  const V = `openai@${version('openai')}`;
  const client = new OpenAI({ apiKey: 'unused-no-api-calls-are-made' });
  const by = `${V} client.webhooks.verifySignature (tolerance 300; Date.now pinned to now)`;
  const official = async (body, headers, secret, now) => {
    try {
      await atTimeAsync(now, () => client.webhooks.verifySignature(body, headers, secret));
      return { by, result: 'accepted' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const event = (id, type, dataId) => JSON.stringify({ object: 'event', id, type, created_at: NOW - 3, data: { id: dataId } });
  await standardWebhookCases(ctx, {
    scheme: 'openai', sdk: V,
    secret: 'whsec_c2x1aWNlLXZlY3RvcnMtb3BlbmFpLXdlYmhvb2stc2VjcmV0MQ==',
    wrong: 'whsec_bm90LXRoZS1vcGVuYWktd2ViaG9vay1zZWNyZXQwMDA=',
    bodies: [
      ['a response.completed event', event('evt_685343a1381c819085d44c354e1b330e', 'response.completed', 'resp_abc123'), 'wh_685342e6c53c8190a1be43f081506c52', 'response.completed'],
      ['non-ASCII UTF-8 in the body', JSON.stringify({ object: 'event', id: 'evt_685343a1381c819085d44c354e1b330f', type: 'batch.completed', created_at: NOW - 1, data: { id: 'batch_abc123', metadata: { note: NON_ASCII_TEXT } } }), 'wh_685342e6c53c8190a1be43f081506c53', 'batch.completed'],
      ['a large (128 KiB) body', largeJson({ object: 'event', id: 'evt_685343a1381c819085d44c354e1b3310', type: 'fine_tuning.job.succeeded', created_at: NOW - 1, data: { id: 'ftjob_abc123' } }, LARGE), 'wh_685342e6c53c8190a1be43f081506c54', 'fine_tuning.job.succeeded'],
    ],
    official, tamper: (b) => b.replace('resp_abc123', 'resp_abc124'),
  });
}
