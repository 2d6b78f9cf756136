// Dropbox: `X-Dropbox-Signature` = hex HMAC-SHA256 of the body with the app secret, replicating Dropbox's documented
// example; the GET `challenge` handshake is answered by echoing the parameter (see the handshake cases).
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function dropbox(h) {
  const ts = h.NOW - 5;

  const DROPBOX = 'https://www.dropbox.com/developers/reference/webhooks#notifications';
  const notification = JSON.stringify({ list_folder: { accounts: ['dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc'] }, delta: { users: [12345678] } });
  await standardCases(h, {
    scheme: 'dropbox',
    producer: `node-crypto replicating ${DROPBOX} (X-Dropbox-Signature: hex HMAC-SHA256 of the body with the app secret)`,
    secret: 'sluicevecdropboxappsecret', wrong: 'notthedropboxappsecret00',
    deliver: (key, body) => ({ 'X-Dropbox-Signature': mac('sha256', key, body, 'hex'), 'Content-Type': 'application/json', 'User-Agent': 'DropboxWebhooks/1.0' }),
    bodies: [
      ['a list_folder notification (Dropbox documents this body)', notification, h.sha256Hex(notification), ''],
      ['several accounts', JSON.stringify({ list_folder: { accounts: ['dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc', 'dbid:AADkfn0Sx2Jnh9Y3YoB3-Yxz0eM6kwBqJ4A'] }, delta: { users: [12345678, 23456789] } }), undefined, ''],
    ],
    tamper: (b) => b.replace('12345678', '12345679'),
  });
  await dropboxHandshake(h);
}

// Dropbox's verification request: GET <url>?challenge=<value>; the endpoint echoes the value as text/plain with
// X-Content-Type-Options: nosniff (https://www.dropbox.com/developers/reference/webhooks#documentation).
export async function dropboxHandshake(h) {
  const DOC = 'https://www.dropbox.com/developers/reference/webhooks#documentation (verification request)';
  // The verification request exactly as Dropbox's reference shows it ("e.g. https://www.example.com/dropbox-webhook?challenge=abc123").
  h.add('dropbox', {
    description: 'handshake: Dropbox\'s published verification request (GET ?challenge=abc123) is echoed', producer: `Dropbox's published example, copied verbatim (${DOC})`,
    secrets: ['sluicevecdropboxappsecret'], method: 'GET', url: 'https://www.example.com/dropbox-webhook?challenge=abc123', headers: {}, body: '',
    expected: 'handshake', response: { status: 200, content_type: 'text/plain', headers: { 'X-Content-Type-Options': 'nosniff' }, body: 'abc123' },
    proof: { kind: 'published_example', source: 'https://www.dropbox.com/developers/reference/webhooks (the verification request)', proves: 'the verification handshake only; the X-Dropbox-Signature rule has no published example with values' },
  });
  for (const challenge of ['5XjNRdDwxLNq3dpLCMwmbpMyPqb2LN5cxrLGHJNlW5Q', 'a b&c=d']) {
    h.add('dropbox', {
      description: `handshake: GET ?challenge=${challenge} is echoed`, producer: DOC, secrets: ['sluicevecdropboxappsecret'],
      method: 'GET', url: `https://sluice.example/webhooks/dropbox?challenge=${encodeURIComponent(challenge)}`, headers: {}, body: '',
      expected: 'handshake', response: { status: 200, content_type: 'text/plain', headers: { 'X-Content-Type-Options': 'nosniff' }, body: challenge },
    });
  }
}
