// Twitch EventSub (webhook transport): `Twitch-Eventsub-Message-Signature: sha256=<hex HMAC-SHA256 of
// message id + timestamp + body>`, the timestamp an RFC 3339 text with nanoseconds, refused when older than
// 10 minutes. `webhook_callback_verification` messages are signed the same way and answered with the
// challenge as text/plain. Twitch publishes no library; the signature is computed with Node's crypto
// replicating getHmacMessage/getHmac of https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message,
// and the challenge request body is the one that page shows.
import { createHmac } from 'node:crypto';
import { standardCases } from '../lib/kit.mjs';

const DOC = 'https://dev.twitch.tv/docs/eventsub/handling-webhook-events/';

/** RFC 3339 with nanoseconds, as Twitch writes it. */
const twitchTime = (seconds, nanos = '123456789') => new Date(seconds * 1000).toISOString().replace('.000Z', `.${nanos}Z`);

export default async function twitch(h) {
  const S = 'sluicevectorstwitchsecret01';
  const messageId = 'befa7b53-d79d-478f-86b9-120f112b044e';
  const headers = (secret, body, ts, type = 'notification', id = messageId) => {
    const stamp = twitchTime(ts);
    const sub = JSON.parse(body).subscription ?? {};
    return {
      'Twitch-Eventsub-Message-Id': id, 'Twitch-Eventsub-Message-Retry': '0', 'Twitch-Eventsub-Message-Type': type,
      'Twitch-Eventsub-Message-Signature': `sha256=${createHmac('sha256', secret).update(id + stamp + body).digest('hex')}`,
      'Twitch-Eventsub-Message-Timestamp': stamp, 'Twitch-Eventsub-Subscription-Type': sub.type ?? 'channel.follow',
      'Twitch-Eventsub-Subscription-Version': sub.version ?? '2', 'Content-Type': 'application/json',
    };
  };
  const subscription = (type, status = 'enabled') => ({ id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', status, type, version: '2', cost: 0, condition: { broadcaster_user_id: '1337', moderator_user_id: '1337' }, transport: { method: 'webhook', callback: 'https://sluice.example/webhooks/twitch' }, created_at: '2026-11-20T10:11:12.634234626Z' });
  const follow = JSON.stringify({ subscription: subscription('channel.follow'), event: { user_id: '1234', user_login: 'cool_user', user_name: 'Cool_User', broadcaster_user_id: '1337', broadcaster_user_login: 'cooler_user', broadcaster_user_name: 'Cooler_User', followed_at: '2026-11-23T11:59:50.298400392Z' } });
  const P = `node-crypto replicating ${DOC}#verifying-the-event-message (HMAC-SHA256 of id + timestamp + body)`;
  await standardCases(h, {
    scheme: 'twitch', producer: P, secret: S, wrong: 'nottheconfiguredtwitchsecret',
    deliver: (secret, body, ts) => headers(secret, body, ts),
    bodies: [
      ['channel.follow notification', follow, messageId, 'channel.follow'],
      ['channel.update with non-ASCII UTF-8', JSON.stringify({ subscription: subscription('channel.update'), event: { broadcaster_user_id: '1337', title: h.NON_ASCII_TEXT, language: 'de' } }), messageId, 'channel.update'],
      ['a large (128 KiB) body', JSON.stringify({ subscription: subscription('channel.chat.message'), event: JSON.parse(h.largeJson({ broadcaster_user_id: '1337' }, h.LARGE)) }), messageId, 'channel.chat.message'],
    ],
    tamper: (b) => b.replace('cool_user', 'evil_user'),
    tolerance: 600,
  });
  const moved = { ...headers(S, follow, h.NOW - 5), 'Twitch-Eventsub-Message-Id': 'befa7b53-d79d-478f-86b9-120f112b0000' };
  h.add('twitch', { description: 'message id changed after signing', producer: P, secrets: [S], headers: moved, body: follow, expected: 'invalid_signature' });
  const revocation = JSON.stringify({ subscription: subscription('channel.follow', 'authorization_revoked') });
  h.add('twitch', { description: 'a revocation message (an event like any other)', producer: P, secrets: [S], headers: headers(S, revocation, h.NOW - 5, 'revocation', 'c8a1d7e3-0b5a-4b0e-9a3f-2f6f0b9c0001'), body: revocation, expected: 'verified', eventId: 'c8a1d7e3-0b5a-4b0e-9a3f-2f6f0b9c0001', eventType: 'channel.follow' });

  // The challenge request of the docs page ("Responding to a challenge request"), signed like any message.
  const challenge = JSON.stringify({ challenge: 'pogchamp-kappa-360noscope-vohiyo', subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', status: 'webhook_callback_verification_pending', type: 'channel.follow', version: '1', cost: 1, condition: { broadcaster_user_id: '12826' }, transport: { method: 'webhook', callback: 'https://example.com/webhooks/callback' }, created_at: '2019-11-16T10:11:12.634234626Z' } });
  const ch = headers(S, challenge, h.NOW - 2, 'webhook_callback_verification', 'e76c6bd4-55c9-4987-8304-da1588d8988b');
  h.add('twitch', { description: 'handshake: webhook_callback_verification is answered with the challenge', producer: `${P}; body as published on ${DOC}#responding-to-a-challenge-request`, secrets: [S], headers: ch, body: challenge, expected: 'handshake', response: { status: 200, content_type: 'text/plain', body: 'pogchamp-kappa-360noscope-vohiyo' },
    proof: { kind: 'published_example', source: `${DOC}#responding-to-a-challenge-request`, proves: 'the challenge handshake (the published request body, answered with its challenge as text/plain); the signature over it is computed here, since the page publishes no secret, so the signature rule itself is not proven by an outside implementation' } });
  h.add('twitch', { description: 'a challenge with a wrong signature is refused like any delivery', producer: P, secrets: [S], headers: headers('nottheconfiguredtwitchsecret', challenge, h.NOW - 2, 'webhook_callback_verification', 'e76c6bd4-55c9-4987-8304-da1588d8988b'), body: challenge, expected: 'invalid_signature' });
}
