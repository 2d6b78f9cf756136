import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';

const require = createRequire(import.meta.url);
const { isValidSlackRequest } = require('@slack/bolt');

// ---- slack ----------------------------------------------------------------------------------------

export default function genSlack() {
  const S = 'sluicevectorsslacksigningsecret0';
  const WRONG = '8f742231b10e8888abcd99yyyzzz85a5';
  const P = `node-crypto per ${DOCS.slack}`;
  const by = `${V.bolt} isValidSlackRequest (nowMilliseconds = now)`;
  const signSlack = (secret, ts, body) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const official = (body, headers, secret = S, now = NOW) => verdict(by, () => isValidSlackRequest({
    signingSecret: secret, body,
    headers: { 'x-slack-signature': headers['X-Slack-Signature'], 'x-slack-request-timestamp': Number(headers['X-Slack-Request-Timestamp']) },
    nowMilliseconds: now * 1000,
  }));
  const hdr = (secret, ts, body) => ({ 'X-Slack-Request-Timestamp': String(ts), 'X-Slack-Signature': signSlack(secret, ts, body), 'Content-Type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded' });

  const bodies = [
    ['an Events API message event', JSON.stringify({ token: 'XXYYZZ', team_id: 'T1', api_app_id: 'A1', event: { type: 'message', channel: 'C1', user: 'U1', text: 'hello', ts: '1795435190.000100' }, type: 'event_callback', event_id: 'Ev08SLUICE01', event_time: NOW - 10 }), 'Ev08SLUICE01', 'message'],
    ['non-ASCII UTF-8 message text', JSON.stringify({ team_id: 'T1', event: { type: 'app_mention', text: NON_ASCII_TEXT }, type: 'event_callback', event_id: 'Ev08SLUICEU8' }), 'Ev08SLUICEU8', 'app_mention'],
    ['url_verification handshake', JSON.stringify({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }), null, 'url_verification'],
    ['a large (128 KiB) event body', largeJson({ type: 'event_callback', event_id: 'Ev08SLUICEBIG', event: { type: 'message' } }, LARGE), 'Ev08SLUICEBIG', 'message'],
    ['a slash command (form-encoded)', 'token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0', null, 'slash_command'],
    ['an interactivity payload (form-encoded block_actions)', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1', name: 'Zoë' }, actions: [{ action_id: 'approve' }] }))}`, null, 'block_actions'],
    ['empty JSON object', '{}', null, ''],
  ];
  for (const [what, body, id, type] of bodies) {
    const headers = hdr(S, NOW - 2, body);
    add('slack', { description: `valid: ${what}`, producer: P, secrets: [S], headers, body, expected: 'verified', eventId: id ?? sha256Hex(body), eventType: type, official: official(body, headers) });
  }
  const body = bodies[0][1];
  let headers = hdr(S, NOW - 2, body);
  add('slack', { description: 'tampered body', producer: P, secrets: [S], headers, body: body.replace('hello', 'hellO'), expected: 'invalid_signature', official: official(body.replace('hello', 'hellO'), headers) });
  headers = hdr(WRONG, NOW - 2, body);
  add('slack', { description: 'signed with another secret', producer: P, secrets: [S], headers, body, expected: 'invalid_signature', official: official(body, headers) });
  headers = hdr(S, NOW - 301, body);
  add('slack', { description: 'stale: timestamp 301 s before now', producer: P, secrets: [S], headers, body, expected: 'timestamp_out_of_tolerance', official: official(body, headers) });
  headers = hdr(S, NOW + 600, body);
  add('slack', { description: 'future: timestamp 600 s after now (Sluice refuses; Bolt only refuses old ones)', producer: P, secrets: [S], headers, body, expected: 'timestamp_out_of_tolerance', official: official(body, headers) });
  headers = { ...hdr(S, NOW - 2, body), 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
  add('slack', { description: 'a retry (X-Slack-Retry-Num: 1)', producer: P, secrets: [S], headers, body, expected: 'verified', eventId: 'Ev08SLUICE01', eventType: 'message', official: official(body, headers) });
  // Slack's documented worked example.
  const docTs = 1531420618;
  const docBody = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  headers = hdr(WRONG, docTs, docBody);
  assert.equal(headers['X-Slack-Signature'], 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  add('slack', { description: "Slack's documented example (slash command, published signature)", producer: `${P} (equal to the published signature)`, secrets: [WRONG], headers, body: docBody, now: docTs + 30, expected: 'verified', eventId: sha256Hex(docBody), eventType: 'slash_command', official: official(docBody, headers, WRONG, docTs + 30) });
}
