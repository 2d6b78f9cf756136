// GitLab: the webhook's secret token is sent as is in `X-Gitlab-Token` (no signature over the body), as
// https://docs.gitlab.com/user/project/integrations/webhooks/#validate-payloads-by-using-a-secret-token
// documents; the request headers and the push body follow the examples of
// https://docs.gitlab.com/user/project/integrations/webhook_events/#push-events. Proof: the request GitLab's own
// sender test (WebHookService spec) expects, copied below.
export default async function gitlab(h) {
  const S = 'sluice-vectors-gitlab-token';
  const P = 'GitLab webhook request per https://docs.gitlab.com/user/project/integrations/webhooks/ (X-Gitlab-Token carries the secret token as is)';
  const uuid = '5f3ff8a6-2a5b-4b47-9a8e-4c0e8b8c0001';
  const headers = (token, event = 'Push Hook', id = uuid) => ({
    'Content-Type': 'application/json', 'User-Agent': 'GitLab/18.6.0', 'X-Gitlab-Event': event, 'X-Gitlab-Event-UUID': id,
    'X-Gitlab-Webhook-UUID': '2c9b7e2e-8d3f-4b7a-a1c2-7f1f3d2b0abc', 'X-Gitlab-Instance': 'https://gitlab.example.com', 'X-Gitlab-Token': token,
    'Idempotency-Key': `${id}-idem`,
  });
  const push = JSON.stringify({ object_kind: 'push', event_name: 'push', before: '95790bf891e76fee5e1747ab589903a6a1f80f22', after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', ref: 'refs/heads/master', checkout_sha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7', user_id: 4, user_name: 'John Smith', user_username: 'jsmith', project_id: 15, project: { id: 15, name: 'Diaspora', path_with_namespace: 'mike/diaspora', web_url: 'http://example.com/mike/diaspora' }, commits: [{ id: 'b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327', message: 'Update Catalan translation to e38cb41.', timestamp: '2011-12-12T14:27:31+02:00', author: { name: 'Jordi Mallach', email: 'jordi@softcatala.org' } }], total_commits_count: 1 });
  const mr = JSON.stringify({ object_kind: 'merge_request', event_type: 'merge_request', user: { name: 'Zoë Müller', username: 'zoe' }, project: { id: 1, path_with_namespace: 'gitlabhq/gitlab-test' }, object_attributes: { id: 99, iid: 1, title: h.NON_ASCII_TEXT, state: 'opened', action: 'open', updated_at: '2026-11-23 11:59:50 UTC' } });
  h.add('gitlab', { description: 'valid: a push event with the configured token', producer: P, secrets: [S], headers: headers(S), body: push, expected: 'verified', eventId: uuid, eventType: 'Push Hook' });
  h.add('gitlab', { description: 'valid: a merge request event with non-ASCII UTF-8', producer: P, secrets: [S], headers: headers(S, 'Merge Request Hook', '5f3ff8a6-2a5b-4b47-9a8e-4c0e8b8c0002'), body: mr, expected: 'verified', eventId: '5f3ff8a6-2a5b-4b47-9a8e-4c0e8b8c0002', eventType: 'Merge Request Hook' });
  h.add('gitlab', { description: 'valid: a large (128 KiB) body', producer: P, secrets: [S], headers: headers(S), body: h.largeJson({ object_kind: 'push' }, h.LARGE), expected: 'verified', eventId: uuid, eventType: 'Push Hook' });
  h.add('gitlab', { description: 'another token', producer: P, secrets: [S], headers: headers('not-the-gitlab-token'), body: push, expected: 'invalid_signature' });
  h.add('gitlab', { description: 'the token with a trailing character', producer: P, secrets: [S], headers: headers(`${S}x`), body: push, expected: 'invalid_signature' });
  h.add('gitlab', { description: 'a prefix of the token', producer: P, secrets: [S], headers: headers(S.slice(0, -1)), body: push, expected: 'invalid_signature' });
  h.add('gitlab', { description: 'rotation: the second configured token', producer: P, secrets: ['the-old-gitlab-token', S], headers: headers(S), body: push, expected: 'verified', eventId: uuid, eventType: 'Push Hook' });
  // GitLab's own sender test: spec/services/web_hook_service_spec.rb ("when token is defined" / "POSTs the data as
  // JSON and returns expected headers") pins the request WebHookService sends for a push hook with a token: the
  // body is the hook data as JSON and the headers are exactly these, X-Gitlab-Token being the hook's token as is.
  // The spec's token, UUID, version and base URL come from factories and the test config; fixed values stand in.
  const SPEC = 'https://github.com/gitlabhq/gitlabhq/blob/067aee7693c437bcbb1ba7bb08cde96dbb6d7e77/spec/services/web_hook_service_spec.rb ("when token is defined")';
  const specToken = 'sluice-vectors-gitlab-spec-token';
  const specUuid = '7b9c3f2e-5d1a-4e8b-9f0c-1a2b3c4d5e6f';
  const specHeaders = (token) => ({ 'Content-Type': 'application/json', 'User-Agent': 'GitLab/18.6.0', 'X-Gitlab-Event': 'Push Hook', 'X-Gitlab-Event-UUID': specUuid, 'X-Gitlab-Instance': 'http://localhost', 'X-Gitlab-Token': token });
  const specBody = JSON.stringify({ before: 'oldrev', after: 'newrev', ref: 'ref' });
  h.add('gitlab', { description: 'valid: the request GitLab\'s WebHookService spec expects for a push hook with a token', producer: `GitLab's own webhook sender test (${SPEC})`, secrets: [specToken], headers: specHeaders(specToken), body: specBody, expected: 'verified', eventId: specUuid, eventType: 'Push Hook',
    proof: { kind: 'sdk_test_vector', source: SPEC, proves: 'the token rule: X-Gitlab-Token carries the hook\'s secret token as is; the id is X-Gitlab-Event-UUID' } });
  h.add('gitlab', { description: 'the spec\'s request with another hook token', producer: `GitLab's own webhook sender test (${SPEC})`, secrets: [specToken], headers: specHeaders('another-hook-token'), body: specBody, expected: 'invalid_signature' });
  const none = headers(S);
  delete none['X-Gitlab-Token'];
  h.add('gitlab', { description: 'no X-Gitlab-Token header', producer: P, secrets: [S], headers: none, body: push, expected: 'missing_signature' });
  const noId = headers(S);
  delete noId['X-Gitlab-Event-UUID'];
  h.add('gitlab', { description: 'valid token, X-Gitlab-Event-UUID missing', producer: P, secrets: [S], headers: noId, body: push, expected: 'missing_event_id' });
}
