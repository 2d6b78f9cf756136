// Razorpay: `X-Razorpay-Signature` = hex HMAC-SHA256 of the raw body, keyed with the webhook secret as text.
// Event id: `X-Razorpay-Event-Id` (Razorpay: "use it to check the uniqueness of the webhook"). No timestamp
// is signed (Razorpay retries for 24 h), so there is no tolerance.
// Signed by: Node crypto per the algorithm the official SDK checks (the SDK has no signer).
// Checked by: the official SDK's Razorpay.validateWebhookSignature.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const Razorpay = require('razorpay');

export default async function razorpay(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, version, verdict } = ctx;
  const V = `razorpay@${version('razorpay')}`;
  const S = 'sluice-vectors-razorpay-webhook-secret';
  const WRONG = 'not-the-razorpay-webhook-secret';
  let n = 0;
  const ids = new Map();
  const sign = async (secret, body) => {
    if (!ids.has(body)) ids.set(body, `Ev${String(++n).padStart(12, '0')}SluiceVec`);
    return {
      'X-Razorpay-Signature': createHmac('sha256', secret).update(body).digest('hex'),
      'X-Razorpay-Event-Id': ids.get(body), 'Content-Type': 'application/json',
    };
  };
  const official = async (body, headers, secret) => verdict(`${V} Razorpay.validateWebhookSignature`,
    () => Razorpay.validateWebhookSignature(body, headers['X-Razorpay-Signature'], secret));
  const captured = JSON.stringify({
    entity: 'event', account_id: 'acc_SluiceVectors01', event: 'payment.captured', contains: ['payment'],
    payload: { payment: { entity: { id: 'pay_SluiceVec0001', entity: 'payment', amount: 50000, currency: 'INR', status: 'captured', order_id: 'order_SluiceVec001', method: 'upi', email: 'gaurav.kumar@example.com' } } },
    created_at: NOW - 3,
  });
  const bodies = [
    ['a payment.captured event', captured, 'payment.captured'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ entity: 'event', account_id: 'acc_SluiceVectors01', event: 'order.paid', contains: ['order'], payload: { order: { entity: { id: 'order_SluiceVec002', notes: { text: NON_ASCII_TEXT } } } }, created_at: NOW - 1 }), 'order.paid'],
    ['a large (128 KiB) body', largeJson({ entity: 'event', event: 'invoice.paid', contains: ['invoice'], created_at: NOW - 1 }, LARGE), 'invoice.paid'],
  ];
  // Ids are assigned in signing order, so sign each body once up front to know its id.
  const withIds = [];
  for (const [what, body, type] of bodies) {
    withIds.push([what, body, (await sign(S, body))['X-Razorpay-Event-Id'], type]);
  }
  await standardCases(ctx, {
    scheme: 'razorpay', producer: `node-crypto per ${V} validateWebhookSignature (hex HMAC-SHA256 of the body)`,
    secret: S, wrong: WRONG, bodies: withIds, deliver: sign, official,
    tamper: (b) => b.replace('50000', '500'),
  });
  const h = await sign(S, captured);
  delete h['X-Razorpay-Event-Id'];
  ctx.add('razorpay', { description: 'valid signature, X-Razorpay-Event-Id missing', producer: `node-crypto per ${V}`, secrets: [S], headers: h, body: captured, expected: 'missing_event_id', official: await official(captured, h, S) });
}
