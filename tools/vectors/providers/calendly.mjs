// Calendly: `Calendly-Webhook-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "{t}.{body}">` keyed with the
// webhook signing key; deliveries older than 3 minutes are refused. Calendly publishes no library: the
// signature is computed with Node's crypto replicating the verification example of
// https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures (which, like Stripe's scheme,
// splits the header on "," and "=").
import { createHmac } from 'node:crypto';
import { standardCases, iso } from '../lib/kit.mjs';

export default async function calendly(h) {
  const S = 'sluice-vectors-calendly-signing-key-0001';
  const header = (key, body, ts) => ({ 'Calendly-Webhook-Signature': `t=${ts},v1=${createHmac('sha256', key).update(`${ts}.${body}`, 'utf8').digest('hex')}`, 'Content-Type': 'application/json; charset=utf-8' });
  const invitee = (event, name, extra = {}) => JSON.stringify({
    created_at: iso(h.NOW - 6), created_by: 'https://api.calendly.com/users/AAAAAAAAAAAAAAAA', event,
    payload: { uri: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA', email: 'test@example.com', name, status: event === 'invitee.canceled' ? 'canceled' : 'active', timezone: 'Europe/Zurich', created_at: iso(h.NOW - 6), scheduled_event: { uri: 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2', name: '15 Minute Meeting', start_time: '2026-11-30T09:00:00.000000Z', end_time: '2026-11-30T09:15:00.000000Z' }, ...extra },
  });
  const created = invitee('invitee.created', 'John Doe');
  const canceled = invitee('invitee.canceled', 'Zoë Müller-東京', { cancellation: { canceled_by: 'Zoë', reason: h.NON_ASCII_TEXT } });
  await standardCases(h, {
    scheme: 'calendly',
    producer: 'node-crypto replicating https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures (HMAC-SHA256 of "{t}.{body}")',
    secret: S, wrong: 'not-the-calendly-signing-key-00000000000',
    deliver: header,
    bodies: [
      ['invitee.created', created, h.sha256Hex(created), 'invitee.created'],
      ['invitee.canceled with non-ASCII UTF-8', canceled, h.sha256Hex(canceled), 'invitee.canceled'],
    ],
    tamper: (b) => b.replace('John Doe', 'John Dow'),
    tolerance: 180,
  });
}
