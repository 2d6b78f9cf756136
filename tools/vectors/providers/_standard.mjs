// Standard-Webhooks senders (OpenAI, Replicate, …): `webhook-id`, `webhook-timestamp` (unix s) and
// `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">`, keyed with the base64 part of a
// `whsec_` secret; 300 s of tolerance. Signed by the spec's reference library `standardwebhooks`
// (Webhook.sign); each provider module adds its own SDK's verifier as `official`.
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');

/** spec: { scheme, secret, wrong, bodies: [[what, body, msgId, type]], official, tamper, sdk } */
export async function standardWebhookCases(ctx, spec) {
  const V = `standardwebhooks@${ctx.version('standardwebhooks')}`;
  const ids = new Map(spec.bodies.map(([, body, msgId]) => [body, msgId]));
  const sign = async (secret, body, ts) => {
    const id = ids.get(body) ?? spec.bodies[0][2];
    return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': new Webhook(secret).sign(id, new Date(ts * 1000), body), 'Content-Type': 'application/json' };
  };
  await standardCases(ctx, {
    scheme: spec.scheme, producer: `${V} Webhook.sign (the Standard Webhooks reference library, which ${spec.sdk} follows)`,
    secret: spec.secret, wrong: spec.wrong, bodies: spec.bodies, deliver: sign, official: spec.official, tolerance: 300, tamper: spec.tamper,
  });
  return { sign, V };
}
