// Okta event hooks: Okta sends the header configured on the hook (by default `Authorization`) with the
// configured secret value, as is; one-time verification is a GET carrying `X-Okta-Verification-Challenge`,
// answered with {"verification": "<the value>"} (https://developer.okta.com/docs/concepts/event-hooks/#one-time-verification-request).
// Bodies follow the example of https://developer.okta.com/docs/reference/event-hooks/ (Okta publishes no
// library that signs, and there is no signature to compute). Proof: Okta's published one-time verification
// request, copied verbatim (its Authorization header carries the configured value `my-shared-secret` as is).
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
  // Okta's published one-time verification request, copied header for header (Okta's knowledge base, "Unable to
  // verify event hook"; the same request is described on the event hooks page): the hook's Authorization value
  // (`my-shared-secret`, the configured secret) is sent as is, and the answer is {"verification": <challenge>}.
  const KB = 'https://support.okta.com/help/s/article/Unable-to-verify-event-hook-Hook-hook-name-execution-failed';
  const published = {
    'User-Agent': 'Okta-Integrations', Accept: 'application/json', 'X-Okta-Request-Id': 'XOZfPkReFFZ10KWyGkzAMwAAADA',
    'X-Okta-Verification-Challenge': 'Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg', 'x-any-key': 'my-header-value',
    Authorization: 'my-shared-secret', Host: 'example.com',
  };
  h.add('okta', { description: 'handshake: Okta\'s published one-time verification request, answered with the published response', producer: `Okta's published example, copied verbatim (${KB})`,
    secrets: ['my-shared-secret'], method: 'GET', url: 'https://example.com/event-hook/', headers: published, body: '', expected: 'handshake',
    response: { status: 200, content_type: 'application/json', body: '{"verification":"Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"}' },
    proof: { kind: 'published_example', source: KB, proves: 'the one-time verification handshake, and that the configured Authorization value is sent as is' } });
  const kbHeaders = (auth) => ({ Accept: 'application/json', 'Content-Type': 'application/json', Authorization: auth, 'x-any-key': 'my-header-value', 'User-Agent': 'Okta-Integrations' });
  h.add('okta', { description: 'valid: a delivery with the published example\'s headers (Authorization: my-shared-secret)', producer: `headers as in Okta's published example (${KB}); body per ${P}`,
    secrets: ['my-shared-secret'], url: 'https://example.com/event-hook/', headers: kbHeaders('my-shared-secret'), body, expected: 'verified', eventId: 'b5a188b9-5ece-4636-b041-482ffe2a3f59', eventType: 'user.session.start' });
  h.add('okta', { description: 'the published example\'s headers with another Authorization value', producer: `headers as in Okta's published example (${KB})`,
    secrets: ['my-shared-secret'], url: 'https://example.com/event-hook/', headers: kbHeaders('my-shared-secreT'), body, expected: 'invalid_signature' });
  const challenge = 'Ek12HU12MNMs6C7xQfv9JNSUS6kCf0GH9Hs3kbnS';
  h.add('okta', { description: 'handshake: one-time verification GET is answered with {"verification": …}', producer: 'Okta one-time verification request per https://developer.okta.com/docs/concepts/event-hooks/#one-time-verification-request',
    secrets: [S], method: 'GET', headers: { 'x-okta-verification-challenge': challenge, Authorization: S }, body: '', expected: 'handshake',
    response: { status: 200, content_type: 'application/json', body: JSON.stringify({ verification: challenge }) } });
}
