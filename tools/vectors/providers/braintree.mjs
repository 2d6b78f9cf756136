// Braintree: a form-encoded POST with `bt_signature` = "<public key>|<hex HMAC-SHA1 of bt_payload>" (several
// pairs joined with "&" when keys rotate) and `bt_payload` = base64 of the notification XML; the HMAC key is
// the SHA-1 digest of the private key. The source's secret is "<public key>:<private key>" (both from the
// Control Panel's API keys). No timestamp is signed (the XML's <timestamp> is reported as the time). Id: the
// SHA-256 of the body; type: the XML's <kind>.
// Signed by: the official SDK's webhookTesting.sampleNotification. Checked by: its webhookNotification.parse.
import { createRequire } from 'node:module';
import { atTimeAsync } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const braintree = require('braintree');

export default async function braintreeVectors(ctx) {
  const { NOW, version, sha256Hex, add } = ctx;
  const V = `braintree@${version('braintree')}`;
  const gateway = (publicKey, privateKey) => new braintree.BraintreeGateway({ environment: braintree.Environment.Sandbox, merchantId: 'sluicevectors', publicKey, privateKey });
  const S = { pub: 'sluicevecpub01', priv: 'sluicevectorsprivatekey0000000001' };
  const WRONG = { pub: 'sluicevecpub01', priv: 'notthebraintreeprivatekey00000000' };
  const OTHER = { pub: 'otherpublickey9', priv: 'otherprivatekey000000000000000009' };
  const secret = (k) => `${k.pub}:${k.priv}`;
  const sample = (k, kind, id) => atTimeAsync(NOW - 3, () => gateway(k.pub, k.priv).webhookTesting.sampleNotification(kind, id));
  const form = (n) => `bt_signature=${encodeURIComponent(n.bt_signature)}&bt_payload=${encodeURIComponent(n.bt_payload)}`;
  const json = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const by = `${V} webhookNotification.parse`;
  const official = async (n, k) => {
    try {
      await gateway(k.pub, k.priv).webhookNotification.parse(n.bt_signature, n.bt_payload);
      return { by, result: 'accepted' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const P = `${V} webhookTesting.sampleNotification`;
  const K = braintree.WebhookNotification.Kind;
  const valid = [
    ['a subscription_went_past_due notification', K.SubscriptionWentPastDue, 'sub_sluice01'],
    ['a disbursement notification', K.Disbursement, 'dsb_sluice01'],
    ['a dispute_opened notification', K.DisputeOpened, 'dsp_sluice01'],
  ];
  for (const [what, kind, id] of valid) {
    const n = await sample(S, kind, id);
    const body = form(n);
    add('braintree', { description: `valid: ${what}`, producer: P, secrets: [secret(S)], headers: json, body, expected: 'verified', eventId: sha256Hex(body), eventType: kind, official: await official(n, S) });
  }
  const n = await sample(S, K.SubscriptionWentPastDue, 'sub_sluice01');
  const tampered = { ...n, bt_payload: Buffer.from(Buffer.from(n.bt_payload, 'base64').toString('utf8').replace('sub_sluice01', 'sub_sluice02')).toString('base64') + '\n' };
  add('braintree', { description: 'tampered payload (another subscription id, re-encoded)', producer: P, secrets: [secret(S)], headers: json, body: form(tampered), expected: 'invalid_signature', official: await official(tampered, S) });
  const wrong = await sample(WRONG, K.SubscriptionWentPastDue, 'sub_sluice01');
  add('braintree', { description: 'signed with another private key (same public key)', producer: P, secrets: [secret(S)], headers: json, body: form(wrong), expected: 'invalid_signature', official: await official(wrong, S) });
  add('braintree', { description: 'rotation: signed with the second configured key pair', producer: P, secrets: [secret(OTHER), secret(S)], headers: json, body: form(n), expected: 'verified', eventId: sha256Hex(form(n)), eventType: K.SubscriptionWentPastDue });
  const other = await sample(OTHER, K.SubscriptionWentPastDue, 'sub_sluice01');
  add('braintree', { description: 'signed for another public key only', producer: P, secrets: [secret(S)], headers: json, body: form(other), expected: 'invalid_signature', official: await official(other, S) });
  const pairs = { ...n, bt_signature: `${other.bt_signature.split('|')[0]}|${other.bt_signature.split('|')[1]}&${n.bt_signature}` };
  add('braintree', { description: 'two signature pairs (another public key first, as during a key rotation)', producer: P, secrets: [secret(S)], headers: json, body: form(pairs), expected: 'verified', eventId: sha256Hex(form(pairs)), eventType: K.SubscriptionWentPastDue, official: await official(pairs, S) });
  add('braintree', { description: 'no bt_signature', producer: P, secrets: [secret(S)], headers: json, body: `bt_payload=${encodeURIComponent(n.bt_payload)}`, expected: 'missing_signature' });
}
