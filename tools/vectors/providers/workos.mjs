// WorkOS: `WorkOS-Signature: t=<ms>, v1=<hex HMAC-SHA256 of "{t}.{body}">`, 180 s tolerance (the SDK's default).
// Signed and verified by the official SDK (@workos-inc/node webhooks.computeSignature / constructEvent).
// The SDK signs JSON.stringify(payload), so every body here is written in that compact form.
import { standardCases, iso } from '../lib/kit.mjs';

export default async function workos(h) {
  const { WorkOS } = h.require('@workos-inc/node');
  const workos = new WorkOS('sk_test_unused_no_api_calls_are_made');
  const V = `@workos-inc/node@${h.version('@workos-inc/node')}`;
  const S = 'sluiceVectorsWorkosWebhookSecret01';
  const header = async (secret, body, ts) => {
    const t = ts * 1000;
    const v1 = await workos.webhooks.computeSignature(t, JSON.parse(body), secret);
    return { 'WorkOS-Signature': `t=${t}, v1=${v1}`, 'Content-Type': 'application/json' };
  };
  const ev = (id, event, data, ts = h.NOW - 5) => JSON.stringify({ id, event, data, created_at: iso(ts) });
  await standardCases(h, {
    scheme: 'workos',
    producer: `${V} webhooks.computeSignature`,
    secret: S,
    wrong: 'notTheWorkosWebhookSecret000000000',
    deliver: header,
    bodies: [
      ['dsync.user.created', ev('event_01SLUICEVEC0001', 'dsync.user.created', { id: 'directory_user_01E1X', directory_id: 'directory_01ECAZ', first_name: 'Rosalinda', last_name: 'Swift', emails: [{ primary: true, type: 'work', value: 'rosa@foo-corp.com' }], state: 'active' }), 'event_01SLUICEVEC0001', 'dsync.user.created'],
      ['user.updated with non-ASCII UTF-8', ev('event_01SLUICEVEC0002', 'user.updated', { object: 'user', id: 'user_01E4ZCR3C5', first_name: 'Zoë', last_name: h.NON_ASCII_TEXT, email: 'zoe@example.com' }), 'event_01SLUICEVEC0002', 'user.updated'],
      ['a large (128 KiB) body', ev('event_01SLUICEVEC0003', 'connection.activated', JSON.parse(h.largeJson({ object: 'connection', id: 'conn_01E2NPPCT3', state: 'active' }, h.LARGE))), 'event_01SLUICEVEC0003', 'connection.activated'],
    ],
    tamper: (b) => b.replace('Rosalinda', 'Rosalindo'),
    tolerance: 180,
    official: (body, headers, secret, now) => h.verdictAsync(`${V} webhooks.constructEvent (tolerance 180000 ms, Date.now = now)`, async () => {
      const real = Date.now;
      Date.now = () => now * 1000;
      try {
        return await workos.webhooks.constructEvent({ payload: JSON.parse(body), sigHeader: headers['WorkOS-Signature'], secret });
      } finally {
        Date.now = real;
      }
    }),
  });
}
