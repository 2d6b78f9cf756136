// Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>`, replicating Typeform's documented example.
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function typeform(h) {
  const ts = h.NOW - 5;

  const TYPEFORM = 'https://www.typeform.com/developers/webhooks/secure-your-webhooks/';
  const response = (eventId, formId, extra = {}) => JSON.stringify({
    event_id: eventId, event_type: 'form_response',
    form_response: { form_id: formId, token: 'a3a12ec67a1365927098a606107fac15', landed_at: iso(ts - 120), submitted_at: iso(ts), definition: { id: formId, title: 'Webhooks example', fields: [{ id: 'DlXFaesGBpoF', title: 'How was your stay?', type: 'short_text', ref: 'stay' }] }, answers: [{ type: 'text', text: 'Great', field: { id: 'DlXFaesGBpoF', type: 'short_text', ref: 'stay' } }], ...extra },
  });
  await standardCases(h, {
    scheme: 'typeform',
    producer: `node-crypto replicating ${TYPEFORM} (Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>)`,
    secret: 'sluice-vectors-typeform-secret', wrong: 'not-the-typeform-secret',
    deliver: (key, body) => ({ 'Typeform-Signature': `sha256=${mac('sha256', key, body, 'base64')}`, 'Content-Type': 'application/json', 'User-Agent': 'Typeform Webhooks' }),
    bodies: [
      ['form_response', response('01HSLUICEVECTYPEFORM00001', 'lT4Z3j'), '01HSLUICEVECTYPEFORM00001', 'form_response'],
      ['form_response with non-ASCII UTF-8', response('01HSLUICEVECTYPEFORM00002', 'lT4Z3j', { hidden: { name: h.NON_ASCII_TEXT } }), '01HSLUICEVECTYPEFORM00002', 'form_response'],
      ['a large (128 KiB) body', h.largeJson({ event_id: '01HSLUICEVECTYPEFORM00003', event_type: 'form_response' }, h.LARGE), '01HSLUICEVECTYPEFORM00003', 'form_response'],
    ],
    tamper: (b) => b.replace('Great', 'Grand'),
  });
}
