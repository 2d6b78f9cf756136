// Adyen (standard webhooks, the "notification" JSON): each `notificationItems[].NotificationRequestItem`
// carries `additionalData.hmacSignature` = base64 HMAC-SHA256 of
// "pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success",
// keyed with the webhook's HMAC key as HEX (the key is the hex-decoded bytes). Every item must verify. No
// timestamp is signed. Adyen: dedupe on eventCode and pspReference (and success: an AUTHORISATION can come
// with success false then true), so the event id is "<pspReference>:<eventCode>:<success>" of the first item;
// type `eventCode`, time `eventDate`, subject `merchantReference`.
// Signed by: the official library's hmacValidator.calculateHmac. Checked by: its validateHMAC on every item.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { hmacValidator: HmacValidator } = require('@adyen/api-library');

export default async function adyen(ctx) {
  const { NON_ASCII_TEXT, version, add } = ctx;
  const V = `@adyen/api-library@${version('@adyen/api-library')}`;
  const v = new HmacValidator();
  const S = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
  const WRONG = 'AA782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA0AA';
  const item = (psp, eventCode, success, merchantReference, value, extra = {}) => ({
    additionalData: { authCode: '010540', cardSummary: '1111', expiryDate: '03/2030', ...extra },
    amount: { currency: 'EUR', value }, eventCode, eventDate: '2026-11-23T12:59:57+01:00',
    merchantAccountCode: 'SluiceVectorsECOM', merchantReference, operations: ['CANCEL', 'CAPTURE', 'REFUND'],
    originalReference: '', paymentMethod: 'visa', pspReference: psp, reason: '010540:1111:03/2030', success,
  });
  // Signs every item with `key` (Adyen puts the signature inside the item, so the body is signed as a whole).
  const notification = (key, items) => JSON.stringify({
    live: 'false',
    notificationItems: items.map((it) => {
      const signed = { ...it, additionalData: { ...it.additionalData } };
      signed.additionalData.hmacSignature = v.calculateHmac(signed, key);
      return { NotificationRequestItem: signed };
    }),
  });
  const official = async (body, headers, key) => {
    const by = `${V} hmacValidator.validateHMAC on every item`;
    try {
      const items = JSON.parse(body).notificationItems;
      return { by, result: items.every((i) => v.validateHMAC(i.NotificationRequestItem, key)) ? 'accepted' : 'rejected' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const auth = item('7914073381342284', 'AUTHORISATION', 'true', 'order-1001', 1995);
  const items = [
    ['an AUTHORISATION item', [auth], '7914073381342284:AUTHORISATION:true', 'AUTHORISATION'],
    ['a REFUND item with non-ASCII UTF-8 in its reference', [item('8815073381342285', 'REFUND', 'true', `Bestellung-Zoë-東京`, 500, { shopperName: NON_ASCII_TEXT })], '8815073381342285:REFUND:true', 'REFUND'],
    ['two items (Adyen may batch): both must verify', [auth, item('7914073381342286', 'CAPTURE', 'true', 'order-1002', 2500)], '7914073381342284:AUTHORISATION:true', 'AUTHORISATION'],
  ];
  // The kit signs through `deliver` (headers); Adyen signs inside the body, so the bodies are made per key.
  const P = `${V} hmacValidator.calculateHmac (hex key)`;
  const json = { 'Content-Type': 'application/json' };
  for (const [what, its, id, type] of items) {
    const body = notification(S, its);
    add('adyen', { description: `valid: ${what}`, producer: P, secrets: [S], headers: json, body, expected: 'verified', eventId: id, eventType: type, official: await official(body, json, S) });
  }
  const main = notification(S, [auth]);
  const cases = [
    ['tampered body (amount changed after signing)', [S], main.replace('"value":1995', '"value":1'), 'invalid_signature'],
    ['signed with another HMAC key', [S], notification(WRONG, [auth]), 'invalid_signature'],
    ['rotation: signed with the second configured key', [WRONG, S], main, 'verified'],
    ['the HMAC key configured in lower-case hex', [S.toLowerCase()], main, 'verified'],
    ['two items, the second one tampered', [S], notification(S, items[2][1]).replace('"value":2500', '"value":25'), 'invalid_signature'],
    ['an item without additionalData.hmacSignature', [S], JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: auth }] }), 'missing_signature'],
    ['no notificationItems', [S], JSON.stringify({ live: 'false', notificationItems: [] }), 'missing_signature'],
  ];
  for (const [what, secrets, body, expected] of cases) {
    add('adyen', { description: what, producer: P, secrets, headers: json, body, expected, ...(expected === 'verified' ? { eventId: items[0][2], eventType: 'AUTHORISATION' } : {}), official: await official(body, json, secrets[secrets.length - 1]) });
  }
}
