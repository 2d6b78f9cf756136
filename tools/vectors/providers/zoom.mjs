// Zoom: `x-zm-signature: v0=<hex HMAC-SHA256 of "v0:<x-zm-request-timestamp>:<raw body>">`, keyed with the
// app's secret token, and the `endpoint.url_validation` handshake answered with
// {plainToken, encryptedToken = hex HMAC-SHA256(secret token, plainToken)}, as
// https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events and #validate-your-webhook-endpoint
// document. Zoom's official Node library, @zoom/rivet (its AwsLambdaReceiver: CommonHttpRequest.processEvent), cannot
// sign but verifies every case and computes the url_validation answer; its verdict is recorded as official_verifier.
// Rivet re-serialises the parsed body (JSON.stringify) before hashing, so it agrees with Sluice on compact JSON,
// which is what Zoom sends; it checks no timestamp window.
import { createHmac } from 'node:crypto';
import { AwsLambdaReceiver } from '@zoom/rivet/meetings';
import { standardCases } from '../lib/kit.mjs';

const DOC = 'https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events';

/** Runs the delivery through @zoom/rivet's receiver; its 200 is an acceptance, with the answer it would send. */
async function rivet(body, headers, secret) {
  const debug = console.debug;
  console.debug = () => {}; // the receiver logs every event, secret-free but noisy
  try {
    return await new AwsLambdaReceiver({ webhooksSecretToken: secret }).start()({ body, headers, isBase64Encoded: false }, {});
  } finally {
    console.debug = debug;
  }
}

export default async function zoom(ctx) {
  const { NOW, NON_ASCII_TEXT, LARGE, largeJson, sha256Hex, add } = ctx;
  const S = 'sluiceVectorsZoomSecretToken01';
  const by = `@zoom/rivet@${ctx.version('@zoom/rivet')} AwsLambdaReceiver (CommonHttpRequest.processEvent; no timestamp window)`;
  const official = (body, headers, secret) => ctx.verdictAsync(by, async () => {
    const r = await rivet(body, headers, secret);
    if (r.statusCode !== 200) throw new Error(JSON.parse(r.body).error ?? `status ${r.statusCode}`);
    return true;
  });
  const sign = async (secret, body, ts) => ({
    'x-zm-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
    'x-zm-request-timestamp': String(ts), 'Content-Type': 'application/json',
  });
  const started = JSON.stringify({ event: 'meeting.started', event_ts: 1795435195000, payload: { account_id: 'AAAAAABBBB', object: { id: '1234567890', uuid: '4444AAAiAAAAAiAiAiiAii==', host_id: 'x1yCzABCDEfg23HiJKl4mN', topic: 'My Meeting', type: 2, start_time: '2026-11-23T11:59:50Z' } } });
  const utf8 = JSON.stringify({ event: 'meeting.ended', event_ts: 1795435196000, payload: { account_id: 'AAAAAABBBB', object: { id: '1234567891', topic: NON_ASCII_TEXT } } });
  const large = largeJson({ event: 'recording.completed', event_ts: 1795435197000, payload: { account_id: 'AAAAAABBBB', object: { id: '1234567892' } } }, LARGE);
  const bodies = [
    ['a meeting.started event', started, sha256Hex(started), 'meeting.started'],
    ['non-ASCII UTF-8 in a meeting.ended event', utf8, sha256Hex(utf8), 'meeting.ended'],
    ['a large (128 KiB) body', large, sha256Hex(large), 'recording.completed'],
  ];
  await standardCases(ctx, {
    scheme: 'zoom', producer: `node-crypto per ${DOC} (Zoom's sample code)`, secret: S, wrong: 'notTheZoomSecretToken000000000',
    bodies, deliver: sign, tolerance: 300, tamper: (b) => b.replace('My Meeting', 'My Meetinh'), official,
  });
  const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
  const validation = JSON.stringify({ payload: { plainToken }, event_ts: 1795435199000, event: 'endpoint.url_validation' });
  const P = `node-crypto per https://developers.zoom.us/docs/api/webhooks/#validate-your-webhook-endpoint`;
  const expected = JSON.stringify({ plainToken, encryptedToken: createHmac('sha256', S).update(plainToken).digest('hex') });
  const vh = await sign(S, validation, NOW - 2);
  // Rivet answers {encryptedToken, plainToken}; the same two values as Sluice's answer (key order aside).
  const answer = JSON.parse((await rivet(validation, vh, S)).body);
  if (answer.encryptedToken !== JSON.parse(expected).encryptedToken) throw new Error('zoom: @zoom/rivet computes another encryptedToken');
  add('zoom', { description: 'handshake: endpoint.url_validation (signed) is answered {plainToken, encryptedToken}', producer: `${P}; the answer's encryptedToken equals @zoom/rivet's`, secrets: [S], headers: vh, body: validation, expected: 'handshake', response: { status: 200, content_type: 'application/json', body: expected }, official: await official(validation, vh, S) });
  add('zoom', { description: 'an unsigned endpoint.url_validation is refused (no HMAC oracle)', producer: P, secrets: [S], headers: { 'Content-Type': 'application/json' }, body: validation, expected: 'missing_signature' });
  const wrong = await sign('notTheZoomSecretToken000000000', validation, NOW - 2);
  add('zoom', { description: 'endpoint.url_validation signed with another secret is refused', producer: P, secrets: [S], headers: wrong, body: validation, expected: 'invalid_signature', official: await official(validation, wrong, S) });
}
