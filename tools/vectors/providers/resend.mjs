// Resend delivers through Svix: Standard Webhooks under `svix-*` header names, `whsec_` key, 300 s tolerance.
// Signed by the `svix` library (Webhook.sign); each case also run through the `resend` SDK's webhooks.verify.
import { standardCases, ms, iso } from '../lib/kit.mjs';

export default async function resend(h) {
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

  const { Resend } = h.require('resend');
  const resend = new Resend('re_unused_no_api_calls_are_made');
  const VR = `resend@${h.version('resend')}`;
  const RESEND = 'whsec_c2x1aWNlVmVjdG9yc1Jlc2VuZFNlY3JldDAwMDE=';
  const resendId = 'msg_2SluiceVecResend00000000001';
  const email = (type, ts, extra = {}) => JSON.stringify({ type, created_at: new Date(ts * 1000).toISOString(), data: { email_id: '56761188-7520-42d8-8898-ff6fc54ce618', created_at: iso(ts - 2), from: 'Acme <onboarding@resend.dev>', to: ['delivered@resend.dev'], subject: 'Sending this example', ...extra } });
  await standardCases(h, {
    scheme: 'resend',
    producer: `${VS} Webhook.sign (Resend delivers through Svix)`,
    secret: RESEND,
    wrong: 'whsec_bm90VGhlUmVzZW5kU2lnbmluZ1NlY3JldDAwMDA=',
    deliver: headersFor(resendId),
    bodies: [
      ['email.delivered', (ts) => email('email.delivered', ts), resendId, 'email.delivered'],
      ['email.bounced with non-ASCII UTF-8', (ts) => email('email.bounced', ts, { subject: h.NON_ASCII_TEXT, bounce: { message: 'Mailbox full', type: 'Transient' } }), resendId, 'email.bounced'],
    ],
    tamper: (b) => b.replace('Sending this example', 'Sending this exampel'),
    tolerance: 300,
    official: (body, headers, secret, now) => h.verdict(`${VR} webhooks.verify (Date.now = now)`, () => h.atTime(now, () => resend.webhooks.verify({
      payload: body, headers: { id: headers['svix-id'], timestamp: headers['svix-timestamp'], signature: headers['svix-signature'] }, webhookSecret: secret }))),
  });
}
