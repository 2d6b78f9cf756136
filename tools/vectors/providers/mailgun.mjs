// Mailgun: the JSON body carries `signature: {timestamp, token, signature}` beside `event-data`; the signature
// is the hex HMAC-SHA256 of "<timestamp><token>", keyed with the HTTP webhook signing key as text. Mailgun
// signs only timestamp and token, not the event data, and recommends refusing a token seen before: so the
// event id is the token (a replayed signature block dedupes onto the first delivery) and the timestamp must
// be within 10 minutes (Mailgun: "don't be too aggressive with this check"). Type `/event-data/event`, time
// `/event-data/timestamp`, subject `/event-data/message/headers/message-id`.
// Vectors: the test vector of Mailgun's official PHP SDK (mailgun-php tests/Api/WebhookTest.php
// testVerifyWebhookGood, checked there by Webhook::verifyWebhookSignature) in a delivered body, and Node crypto
// per the NodeJS snippet of https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks
// for the other cases.
import { createHmac } from 'node:crypto';

const PHP_TEST = 'https://github.com/mailgun/mailgun-php/blob/master/tests/Api/WebhookTest.php (testVerifyWebhookGood: timestamp, token and signature; checked by Webhook::verifyWebhookSignature)';
const DOC = 'https://documentation.mailgun.com/docs/mailgun/user-manual/webhooks/securing-webhooks';

export default async function mailgun(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, add } = ctx;
  const eventData = (id, event, ts, extra = {}) => ({
    id, timestamp: ts + 0.5, 'log-level': 'info', event, recipient: 'alice@example.com', 'recipient-domain': 'example.com',
    message: { headers: { to: 'Alice <alice@example.com>', 'message-id': '20260123120000.1.ABCDEF@mg.sluice.example', from: 'Sluice <noreply@mg.sluice.example>', subject: 'Your receipt' }, size: 1386 },
    flags: { 'is-routed': false, 'is-authenticated': true, 'is-system-test': false, 'is-test-mode': false },
    'user-variables': {}, ...extra,
  });
  const body = (sig, data) => JSON.stringify({ signature: sig, 'event-data': data });

  // The PHP SDK's vector (2014-06-24): the verifier's clock is set to 30 s after its timestamp.
  const phpSig = { timestamp: '1403645220', token: '5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6', signature: '9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33' };
  const phpKey = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';
  const phpBody = body(phpSig, eventData('W3X4JOhFT-OZidZGKKr9iA', 'delivered', 1403645219));
  add('mailgun', { description: 'valid: the mailgun-php test vector\'s signature block on a delivered event', producer: PHP_TEST, secrets: [phpKey], headers: { 'Content-Type': 'application/json' }, body: phpBody, now: 1403645250, expected: 'verified', eventId: phpSig.token, eventType: 'delivered',
    proof: { kind: 'sdk_test_vector', source: PHP_TEST, proves: 'the signature rule: hex HMAC-SHA256 of timestamp + token with the signing key' } });
  const badSig = { ...phpSig, token: 'owyldpe6nxhmrn78epljl6bj0orrki1u3d2v5e6cnlmmuox8jr' };
  add('mailgun', { description: 'the mailgun-php "bad" test vector (another token under the same signature)', producer: PHP_TEST, secrets: [phpKey], headers: { 'Content-Type': 'application/json' }, body: body(badSig, eventData('W3X4JOhFT-OZidZGKKr9iA', 'delivered', 1403645219)), now: 1403645250, expected: 'invalid_signature' });

  const S = 'sluice-vectors-mailgun-http-webhook-signing-key';
  const WRONG = 'not-the-mailgun-webhook-signing-key';
  let n = 0;
  const tokens = new Map();
  // The token is random per delivery in Mailgun; fixed per body here so the output is deterministic.
  const tokenOf = (data) => {
    if (!tokens.has(data)) tokens.set(data, `${String(++n).padStart(2, '0')}sluicevectorsmailguntoken${'0'.repeat(23)}`.slice(0, 50));
    return tokens.get(data);
  };
  const signed = (secret, data, ts) => {
    const token = tokenOf(JSON.stringify(data));
    return body({ timestamp: String(ts), token, signature: createHmac('sha256', secret).update(String(ts) + token).digest('hex') }, data);
  };
  const datas = [
    ['a delivered event', eventData('CPgfbmQMTCKtHW6uIWtuVe', 'delivered', NOW - 3), 'delivered'],
    ['a failed event with non-ASCII UTF-8', eventData('CPgfbmQMTCKtHW6uIWtuVf', 'failed', NOW - 3, { severity: 'permanent', reason: 'bounce', 'delivery-status': { message: NON_ASCII_TEXT, code: 550 } }), 'failed'],
    ['a large (128 KiB) body', JSON.parse(largeJson(eventData('CPgfbmQMTCKtHW6uIWtuVg', 'opened', NOW - 3), LARGE)), 'opened'],
  ];
  // The signature is in the body, so the kit's cases (which sign through headers) do not fit: written here.
  const P = `node-crypto per ${DOC} (hex HMAC-SHA256 of timestamp + token)`;
  const json = { 'Content-Type': 'application/json' };
  const one = (description, secrets, b, expected, data, type) => add('mailgun', {
    description, producer: P, secrets, headers: json, body: b, expected,
    ...(expected === 'verified' ? { eventId: tokenOf(JSON.stringify(data)), eventType: type } : {}),
  });
  for (const [what, data, type] of datas) {
    one(`valid: ${what}`, [S], signed(S, data, NOW - 5), 'verified', data, type);
  }
  const main = datas[0][1];
  one('tampered signature block (token changed after signing)', [S], signed(S, main, NOW - 5).replace(/"token":"(..)/, '"token":"zz'), 'invalid_signature');
  one('signed with another signing key', [S], signed(WRONG, main, NOW - 5), 'invalid_signature');
  one('rotation: signed with the second configured key', [WRONG, S], signed(S, main, NOW - 5), 'verified', main, 'delivered');
  one('stale: timestamp 601 s before now (tolerance 600 s)', [S], signed(S, main, NOW - 601), 'timestamp_out_of_tolerance');
  one('edge: timestamp exactly 600 s before now (accepted)', [S], signed(S, main, NOW - 600), 'verified', main, 'delivered');
  one('future: timestamp 601 s after now', [S], signed(S, main, NOW + 601), 'timestamp_out_of_tolerance');
  const changed = JSON.parse(signed(S, main, NOW - 5));
  changed['event-data'].event = 'complained';
  add('mailgun', { description: 'event-data changed after signing: still verified, since Mailgun signs only timestamp and token (the id is the token, so it dedupes onto the original)', producer: P, secrets: [S], headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(changed), expected: 'verified', eventId: tokenOf(JSON.stringify(main)), eventType: 'complained' });
  add('mailgun', { description: 'no signature block', producer: P, secrets: [S], headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ 'event-data': main }), expected: 'missing_signature' });
}
