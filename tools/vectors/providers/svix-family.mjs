// Senders built on Svix (Standard Webhooks under `svix-*` header names): Clerk, Resend and Svix itself.
// `svix-signature: v1,<base64 HMAC-SHA256 of "{svix-id}.{svix-timestamp}.{body}">`, key = base64 after `whsec_`,
// 300 s tolerance. Signed by the `svix` library (Webhook.sign, what these providers send with); verified by each
// provider's own SDK where it has one: Clerk `@clerk/backend` verifyWebhook, Resend `resend` webhooks.verify.
import { standardCases, ms, iso } from '../lib/kit.mjs';

export default async function svixFamily(h) {
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

  // ---- clerk ----
  const { verifyWebhook } = await import('@clerk/backend/webhooks');
  const VC = `@clerk/backend@${h.version('@clerk/backend')}`;
  const CLERK = 'whsec_c2x1aWNlVmVjdG9yc0NsZXJrU2lnbmluZ1NlY3JldDA=';
  const clerkId = 'msg_2SluiceVecClerk000000000001';
  const clerkUser = (ts) => JSON.stringify({
    data: { id: 'user_29w83sxmDNGwOuEthce5gg56FcC', object: 'user', first_name: 'Example', last_name: 'Müller', email_addresses: [{ email_address: 'example@example.org', id: 'idn_29w83yL7CwVlJXylYLxcslromF1' }], created_at: ms(ts) - 1000 },
    event_attributes: { http_request: { client_ip: '0.0.0.0', user_agent: 'Mozilla/5.0' } },
    instance_id: 'ins_2SluiceVecClerkInstance0001', object: 'event', timestamp: ms(ts), type: 'user.created',
  });
  await standardCases(h, {
    scheme: 'clerk',
    producer: `${VS} Webhook.sign (Clerk delivers through Svix)`,
    secret: CLERK,
    wrong: 'whsec_bm90VGhlQ2xlcmtTaWduaW5nU2VjcmV0MDAwMDA=',
    deliver: headersFor(clerkId),
    bodies: [
      ['user.created', clerkUser, clerkId, 'user.created'],
      ['session.created with non-ASCII UTF-8', (ts) => JSON.stringify({ data: { id: 'sess_2SluiceVec', object: 'session', user_id: 'user_29w83sxmDNGwOuEthce5gg56FcC', client_id: h.NON_ASCII_TEXT }, object: 'event', timestamp: ms(ts), type: 'session.created' }), clerkId, 'session.created'],
    ],
    tamper: (b) => b.replace('Example', 'Exampel'),
    tolerance: 300,
    official: (body, headers, secret, now) => h.verdictAsync(`${VC} verifyWebhook (svix-* headers, Date.now = now)`, () => pinned(now, () => verifyWebhook(
      new Request('https://sluice.example/webhooks/clerk', { method: 'POST', headers, body }), { signingSecret: secret }))),
  });

  // ---- resend ----
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

  // ---- svix (Svix's own operational webhooks and any sender on Svix) ----
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
