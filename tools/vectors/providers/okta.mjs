// Okta event hooks: Okta sends the header configured on the hook (by default `Authorization`) with the
// configured secret value, as is; one-time verification is a GET carrying `X-Okta-Verification-Challenge`,
// answered with {"verification": "<the value>"} (https://developer.okta.com/docs/concepts/event-hooks/#one-time-verification-request).
// Bodies follow the example of https://developer.okta.com/docs/reference/event-hooks/ (Okta publishes no
// library that signs, and there is no signature to compute).
export default async function okta(h) {
  const S = 'Basic c2x1aWNlOnZlY3RvcnMtb2t0YS1ob29rLXNlY3JldA==';
  const P = 'Okta event hook request per https://developer.okta.com/docs/reference/event-hooks/ (the configured authorization header value is sent as is)';
  const hook = (eventId, type, extra = {}) => JSON.stringify({
    eventType: 'com.okta.event_hook', eventTypeVersion: '1.0', cloudEventsVersion: '0.1', source: 'https://sluice.okta.com/api/v1/eventHooks/whoql0HfiLGPWc8Jx0g3', eventId,
    data: { events: [{ uuid: '5e8c1a40-6a2e-11ee-a1f1-0f1f0f1f0001', published: '2026-11-23T11:59:53.032Z', eventType: type, version: '0', displayMessage: 'User login to Okta', severity: 'INFO', actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com', displayName: 'Zoë Admin' }, outcome: { result: 'SUCCESS' }, ...extra }] },
    eventTime: '2026-11-23T11:59:53.032Z', contentType: 'application/json',
  });
  const body = hook('b5a188b9-5ece-4636-b041-482ffe2a3f59', 'user.session.start');
  const headers = (auth) => ({ Authorization: auth, 'Content-Type': 'application/json', 'User-Agent': 'Okta-Integrations' });
  h.add('okta', { description: 'valid: user.session.start', producer: P, secrets: [S], headers: headers(S), body, expected: 'verified', eventId: 'b5a188b9-5ece-4636-b041-482ffe2a3f59', eventType: 'user.session.start' });
  h.add('okta', { description: 'valid: user.lifecycle.create with non-ASCII UTF-8', producer: P, secrets: [S], headers: headers(S), body: hook('b5a188b9-5ece-4636-b041-482ffe2a3f60', 'user.lifecycle.create', { displayMessage: h.NON_ASCII_TEXT }), expected: 'verified', eventId: 'b5a188b9-5ece-4636-b041-482ffe2a3f60', eventType: 'user.lifecycle.create' });
  h.add('okta', { description: 'another authorization value', producer: P, secrets: [S], headers: headers('Basic bm90LXRoZS1va3RhLXNlY3JldA=='), body, expected: 'invalid_signature' });
  h.add('okta', { description: 'rotation: the second configured value', producer: P, secrets: ['Basic b2xkOm9sZA==', S], headers: headers(S), body, expected: 'verified', eventId: 'b5a188b9-5ece-4636-b041-482ffe2a3f59', eventType: 'user.session.start' });
  h.add('okta', { description: 'no Authorization header', producer: P, secrets: [S], headers: { 'Content-Type': 'application/json' }, body, expected: 'missing_signature' });
  const challenge = 'Ek12HU12MNMs6C7xQfv9JNSUS6kCf0GH9Hs3kbnS';
  h.add('okta', { description: 'handshake: one-time verification GET is answered with {"verification": …}', producer: 'Okta one-time verification request per https://developer.okta.com/docs/concepts/event-hooks/#one-time-verification-request',
    secrets: [S], method: 'GET', headers: { 'x-okta-verification-challenge': challenge, Authorization: S }, body: '', expected: 'handshake',
    response: { status: 200, content_type: 'application/json', body: JSON.stringify({ verification: challenge }) } });
}
