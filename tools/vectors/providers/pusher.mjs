// Pusher Channels webhooks: `X-Pusher-Signature` = hex HMAC-SHA256 of the raw body, keyed with the app secret as
// text; `X-Pusher-Key` is the app's (public) key (https://pusher.com/docs/channels/server_api/webhooks/). No
// timestamp is signed. A delivery is {"time_ms":…,"events":[…]} with no id: the event id is the SHA-256 of the
// body; the first event gives the type (`name`).
// Signed by: the official library's Token.sign (what its WebHook checks against). Checked by: pusher.webhook(…).isValid.
import { createRequire } from 'node:module';
import { standardCases, requireInternal } from '../lib/kit.mjs';

const require = createRequire(import.meta.url);
const Pusher = require('pusher');
const Token = requireInternal('pusher', 'lib/token.js');

export default async function pusher(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, sha256Hex, version, verdict } = ctx;
  const V = `pusher@${version('pusher')}`;
  const KEY = '278d425bdf160c739803';
  const S = '7ad3773142a6692b25b8';
  const WRONG = '00000000000000000000';
  const sign = async (secret, body) => ({
    'X-Pusher-Key': KEY, 'X-Pusher-Signature': new Token(KEY, secret).sign(body), 'Content-Type': 'application/json',
  });
  const by = `${V} pusher.webhook({headers, rawBody}).isValid()`;
  const official = async (body, headers, secret) => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const app = new Pusher({ appId: '1', key: KEY, secret, cluster: 'eu' });
    return verdict(by, () => app.webhook({ headers: lower, rawBody: body }).isValid());
  };
  const ms = NOW * 1000 - 2871;
  const occupied = JSON.stringify({ time_ms: ms, events: [{ name: 'channel_occupied', channel: 'private-orders' }] });
  const bodies = [
    ['a channel_occupied event', occupied, 'channel_occupied'],
    ['non-ASCII UTF-8 in the body (a client event)', JSON.stringify({ time_ms: ms, events: [{ name: 'client_event', channel: 'private-chat', event: 'client-message', data: JSON.stringify({ text: NON_ASCII_TEXT }), socket_id: '123.456', user_id: 'u-42' }] }), 'client_event'],
    ['two events in one delivery (member_added, member_removed): the first gives the type', JSON.stringify({ time_ms: ms, events: [{ name: 'member_added', channel: 'presence-lobby', user_id: 'u-42' }, { name: 'member_removed', channel: 'presence-lobby', user_id: 'u-7' }] }), 'member_added'],
    ['a large (128 KiB) body', largeJson({ time_ms: ms, events: [{ name: 'cache_miss', channel: 'cache-prices' }] }, LARGE), 'cache_miss'],
  ].map(([what, body, type]) => [what, body, sha256Hex(body), type]);
  await standardCases(ctx, {
    scheme: 'pusher', producer: `${V} Token.sign (hex HMAC-SHA256 of the body)`,
    secret: S, wrong: WRONG, bodies, deliver: sign, official,
    tamper: (b) => b.replace('private-orders', 'private-order5'),
  });

  // The source's `app-key` (source block "app-key"): X-Pusher-Key must name that app, as isValid requires
  // (`this.key == token.key && token.verify(…)`); the official verdict is that of an app with key KEY.
  const [, body0, id0, type0] = bodies[0];
  const keyed = { 'app-key': KEY };
  const producer = `${V} Token.sign (hex HMAC-SHA256 of the body)`;
  const signed = await sign(S, body0);
  const appKeyCases = [
    ['app-key set: X-Pusher-Key names the configured app', signed, 'verified'],
    ['app-key set: X-Pusher-Key names another app (signed with the same secret)', { ...signed, 'X-Pusher-Key': '0123456789abcdef0123' }, 'invalid_signature'],
    ['app-key set: no X-Pusher-Key', Object.fromEntries(Object.entries(signed).filter(([k]) => k !== 'X-Pusher-Key')), 'missing_signature'],
  ];
  for (const [description, headers, expected] of appKeyCases) {
    const c = { description, producer, secrets: [S], source: keyed, headers, body: body0, expected, official: await official(body0, headers, S) };
    if (expected === 'verified') Object.assign(c, { eventId: id0, eventType: type0 });
    ctx.add('pusher', c);
  }
}
