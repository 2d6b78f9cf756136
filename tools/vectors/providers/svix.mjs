// Svix (its operational webhooks, and any sender on Svix): `svix-id`, `svix-timestamp`,
// `svix-signature: v1,<base64>` over `{id}.{timestamp}.{body}`; signed and verified by the `svix` library.
import { standardCases, ms, iso } from '../lib/kit.mjs';

export default async function svixSelf(h) {
  const { Webhook } = h.require('svix');
  const VS = `svix@${h.version('svix')}`;
  const at = (ts) => new Date(ts * 1000);
  const headersFor = (id) => (secret, body, ts) => ({
    'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': new Webhook(secret).sign(id, at(ts), body), 'Content-Type': 'application/json',
  });
  const pinned = async (now, fn) => {
    const real = Date.now;
    Date.now = () => now * 1000;
    try {
      return await fn();
    } finally {
      Date.now = real;
    }
  };

  const SVIX = 'whsec_c2x1aWNlVmVjdG9yc1N2aXhTZWNyZXQwMDAwMDE=';
  const svixId = 'msg_2SluiceVecSvix000000000001';
  await standardCases(h, {
    scheme: 'svix',
    producer: `${VS} Webhook.sign`,
    secret: SVIX,
    wrong: 'whsec_bm90VGhlU3ZpeFNpZ25pbmdTZWNyZXQwMDAwMDA=',
    deliver: headersFor(svixId),
    bodies: [
      ['message.attempt.exhausted', JSON.stringify({ type: 'message.attempt.exhausted', data: { appId: 'app_1srOrx2ZWZBpBUvZwXKQmoEYga2', appUid: 'app-uid', msgId: 'msg_1srOrx2ZWZBpBUvZwXKQmoEYga2', endpointId: 'ep_1srOrx2ZWZBpBUvZwXKQmoEYga2', lastAttempt: { id: 'atmpt_1srOrx2ZWZBpBUvZwXKQmoEYga2', timestamp: '2026-11-23T11:59:50Z', responseStatusCode: 500 } } }), svixId, 'message.attempt.exhausted'],
      ['non-ASCII UTF-8', JSON.stringify({ type: 'endpoint.updated', data: { appId: 'app_1', endpointId: 'ep_1', description: h.NON_ASCII_TEXT } }), svixId, 'endpoint.updated'],
      ['a large (128 KiB) body', h.largeJson({ type: 'background_task.finished' }, h.LARGE), svixId, 'background_task.finished'],
    ],
    tamper: (b) => b.replace('responseStatusCode":500', 'responseStatusCode":501'),
    tolerance: 300,
    official: (body, headers, secret, now) => h.verdict(`${VS} Webhook.verify (Date.now = now)`, () => h.atTime(now, () => new Webhook(secret).verify(body, headers))),
  });
}
