// Clerk delivers through Svix: Standard Webhooks under `svix-*` header names, `whsec_` key, 300 s tolerance.
// Signed by the `svix` library (Webhook.sign); each case also run through Clerk's own `@clerk/backend` verifyWebhook.
import { standardCases, ms, iso } from '../lib/kit.mjs';

export default async function clerk(h) {
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
}
