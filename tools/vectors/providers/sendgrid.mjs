// SendGrid Event Webhook (signed): `X-Twilio-Email-Event-Webhook-Signature` = base64 DER ECDSA P-256/SHA-256
// signature of "<X-Twilio-Email-Event-Webhook-Timestamp><raw body>", verified with the verification key
// SendGrid shows (base64 SubjectPublicKeyInfo), per
// https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
// Signed by Node crypto with a fixed test key (only SendGrid holds the real private key); checked by the
// official @sendgrid/eventwebhook EventWebhook.verifySignature.
import { createPrivateKey, createPublicKey, sign as ecSign } from 'node:crypto';
import { createRequire } from 'node:module';
import { standardCases } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const { EventWebhook } = require('@sendgrid/eventwebhook');

// Fixed P-256 test keys (PKCS#8). ECDSA signatures use a random nonce, so regenerating changes the
// signature strings of this file (and only of this file): every case still verifies the same way.
const PRIVATE = {
  S: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgYBO90HFx5ADGdPYRBbFKL4n1GDt0gNwyuxDAH8EdEY+hRANCAARnMCd5+tyrpiNy7pBLph8aFx3Ee9+T1Qxap+Nd/FE8gjOBSkzf5TYkeBiHIh0pasIpyVf9IxXFuNP1acE3RzSB',
  WRONG: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgeYqDRTCN9QN/WC/eu2Qbni+DpJ15XdNPLJGEsMntHFKhRANCAAQV3H8aznkZw/YD9PwObFt+3oAoBL6WYEtVFwKEpibnrMphKtDI0jEDX+RSxEkNfdbCGOxLW58/lILjQswK5rxX',
};

function keys(name) {
  const privateKey = createPrivateKey({ key: Buffer.from(PRIVATE[name], 'base64'), format: 'der', type: 'pkcs8' });
  return { privateKey, publicBase64: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
}

export default async function sendgrid(ctx) {
  const { NON_ASCII_TEXT, LARGE, version } = ctx;
  const V = `@sendgrid/eventwebhook@${version('@sendgrid/eventwebhook')}`;
  const K = { S: keys('S'), WRONG: keys('WRONG') };
  const sign = async (name, body, ts) => ({
    'X-Twilio-Email-Event-Webhook-Signature': ecSign('sha256', Buffer.from(`${ts}${body}`, 'utf8'), K[name].privateKey).toString('base64'),
    'X-Twilio-Email-Event-Webhook-Timestamp': String(ts), 'Content-Type': 'application/json',
  });
  const by = `${V} EventWebhook.verifySignature`;
  const official = async (body, headers, publicBase64) => {
    try {
      const ew = new EventWebhook();
      const ok = ew.verifySignature(ew.convertPublicKeyToECDSA(publicBase64), body, headers['X-Twilio-Email-Event-Webhook-Signature'], headers['X-Twilio-Email-Event-Webhook-Timestamp']);
      return { by, result: ok ? 'accepted' : 'rejected' };
    } catch (e) {
      return { by, result: `rejected: ${e.message.split('\n')[0]}` };
    }
  };
  const ev = (event, extra) => ({ email: 'example@test.com', timestamp: 1795435190, 'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>', event, category: 'cat facts', sg_event_id: 'sg_event_id', sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', ...extra });
  const sha = (b) => require('node:crypto').createHash('sha256').update(b).digest('hex');
  const batch = JSON.stringify([ev('processed', { sg_event_id: 'rbtnWrG1DVDGGGFHFyun0A==' }), ev('delivered', { sg_event_id: 'rWVYmVk90MjZJ9iohOBa3w==', response: '250 OK' })]);
  const utf8 = JSON.stringify([ev('open', { sg_event_id: 'FOTFFO0ecsBE-zxFXfs6WA==', useragent: NON_ASCII_TEXT })]);
  const large = JSON.stringify(Array.from({ length: Math.ceil(LARGE / 300) }, (_, i) => ev('delivered', { sg_event_id: `ev-${i}`, note: 'x'.repeat(60) })));
  const bodies = [
    ['a batch of processed and delivered events', batch, sha(batch), 'processed'],
    ['non-ASCII UTF-8 in an open event', utf8, sha(utf8), 'open'],
    ['a large (128 KiB) batch', large, sha(large), 'delivered'],
  ];
  await standardCases(ctx, {
    scheme: 'sendgrid', producer: `node-crypto ECDSA P-256/SHA-256 over "<timestamp><body>" (fixed test key), as ${V} verifySignature checks it`,
    secret: 'S', wrong: 'WRONG', configured: (name) => K[name].publicBase64, bodies, deliver: sign, official, tolerance: 300,
    tamper: (b) => b.replace('processed', 'Processed'),
  });
}
