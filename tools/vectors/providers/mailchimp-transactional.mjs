// Mailchimp Transactional (Mandrill) webhooks: `X-Mandrill-Signature` = base64 HMAC-SHA1, keyed with the
// webhook's key, of the webhook URL followed by each POST parameter name (sorted) and its value; the body is
// the form field `mandrill_events` (a JSON array of events). The client library signs nothing, so Node's crypto
// follows the six steps of Mailchimp's "How to Authenticate Webhook Requests" (URL exactly as configured, POST
// variables sorted by key, key and value appended without delimiter, HMAC-SHA1, base64).
import { createHmac } from 'node:crypto';

export default async function mailchimpTransactional(h) {
  const DOC = 'https://mandrill.zendesk.com/hc/en-us/articles/360039232513-How-to-Authenticate-Webhook-Requests';
  const P = `node-crypto per ${DOC}`;
  const KEY = 'sluiceVectorsMandrillWebhookKey01';
  const WRONG = 'notTheMandrillWebhookKey000000000';
  const URL = 'https://hooks.sluice.example/webhooks/mailchimp-transactional';
  // Exactly the documented function: url, then for each key in sorted order, key + value.
  const generateSignature = (webhookKey, url, params) => {
    let signed = url;
    for (const k of Object.keys(params).sort()) signed += k + params[k];
    return createHmac('sha1', webhookKey).update(signed).digest('base64');
  };
  const form = (params) => new URLSearchParams(params).toString();
  const events = (list) => ({ mandrill_events: JSON.stringify(list) });
  const send = { event: 'send', _id: 'exampleaaaaaaaaaaaaaaaaaaaaaaaaa', ts: h.NOW - 5, msg: { ts: h.NOW - 6, subject: 'This an example webhook message', email: 'example.webhook@mandrillapp.com', sender: 'example.sender@mandrillapp.com', tags: ['webhook-example'], state: 'sent', _id: 'exampleaaaaaaaaaaaaaaaaaaaaaaaaa' } };
  const open = { event: 'open', _id: 'examplebbbbbbbbbbbbbbbbbbbbbbbbb', ts: h.NOW - 4, msg: { subject: h.NON_ASCII_TEXT, email: 'zoë@example.com', state: 'sent', _id: 'examplebbbbbbbbbbbbbbbbbbbbbbbbb' }, location: { country: 'Switzerland', city: 'Zürich' } };
  const headers = (key, params) => ({ 'X-Mandrill-Signature': generateSignature(key, URL, params), 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mandrill-Webhook/1.0' });
  const cases = [
    ['valid: a send event', events([send]), 'verified', 'send'],
    ['valid: an empty batch (what Mailchimp posts when it checks a new webhook URL)', events([]), 'verified', ''],
    ['valid: a batch (open with non-ASCII UTF-8, then send)', events([open, send]), 'verified', 'open'],
  ];
  for (const [what, params, expected, type] of cases) {
    const body = form(params);
    h.add('mailchimp-transactional', { description: what, producer: P, secrets: [KEY], headers: headers(KEY, params), body, url: URL, expected, eventId: h.sha256Hex(body), eventType: type });
  }
  const params = events([send]);
  const body = form(params);
  // Adding a webhook: Mailchimp checks the URL with a HEAD request and expects 200
  // (https://mandrill.zendesk.com/hc/en-us/articles/360038740014-Why-can-t-my-webhook-or-inbound-route-URL-be-verified).
  h.add('mailchimp-transactional', { description: 'handshake: the HEAD check of a new webhook URL is answered 200', producer: 'Mailchimp Transactional URL check (HEAD) per https://mandrill.zendesk.com/hc/en-us/articles/360038740014-Why-can-t-my-webhook-or-inbound-route-URL-be-verified',
    secrets: [KEY], method: 'HEAD', headers: {}, body: '', url: URL, expected: 'handshake', response: { status: 200, body: '' } });
  h.add('mailchimp-transactional', { description: 'tampered body', producer: P, secrets: [KEY], headers: headers(KEY, params), body: body.replace('sent', 'spam'), url: URL, expected: 'invalid_signature' });
  h.add('mailchimp-transactional', { description: 'signed with another webhook key', producer: P, secrets: [KEY], headers: headers(WRONG, params), body, url: URL, expected: 'invalid_signature' });
  h.add('mailchimp-transactional', { description: 'rotation: signed with the second configured key', producer: P, secrets: [WRONG, KEY], headers: headers(KEY, params), body, url: URL, expected: 'verified', eventId: h.sha256Hex(body), eventType: 'send' });
  h.add('mailchimp-transactional', { description: 'signed for another URL', producer: P, secrets: [KEY], headers: { ...headers(KEY, params), 'X-Mandrill-Signature': (() => { let s = 'https://evil.example/hook'; for (const k of Object.keys(params).sort()) s += k + params[k]; return createHmac('sha1', KEY).update(s).digest('base64'); })() }, body, url: URL, expected: 'invalid_signature' });
}
