// Jira Cloud admin webhooks saved with a secret: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` (WebSub
// style), as https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks documents; Atlassian
// publishes no library that signs, so Node's crypto computes exactly that rule. Retries keep
// X-Atlassian-Webhook-Identifier, the event id.
import { createHmac } from 'node:crypto';
import { standardCases } from '../lib/kit.mjs';

export default async function jira(h) {
  const DOC = 'https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks';
  const S = 'sluice-vectors-jira-admin-webhook-secret';
  const id = '4d7a3c29-5b3f-4f5e-9d2a-7c1b0e2f0001';
  const headers = (key, body, retry = '0') => ({
    'X-Atlassian-Webhook-Identifier': id, 'X-Atlassian-Webhook-Retry': retry,
    'X-Hub-Signature': `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
    'Content-Type': 'application/json; charset=utf-8', 'User-Agent': 'Atlassian Webhook HTTP Client',
  });
  const issue = (event, summary) => JSON.stringify({
    timestamp: (h.NOW - 5) * 1000, webhookEvent: event, issue_event_type_name: event === 'jira:issue_created' ? 'issue_created' : 'issue_generic',
    user: { accountId: '5b10a2844c20165700ede21g', displayName: 'Ana Müller' },
    issue: { id: '10002', key: 'SLU-42', self: 'https://sluice.atlassian.net/rest/api/2/issue/10002', fields: { summary, project: { key: 'SLU' } } },
  });
  await standardCases(h, {
    scheme: 'jira',
    producer: `node-crypto per ${DOC} (X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>)`,
    secret: S, wrong: 'not-the-jira-admin-webhook-secret',
    deliver: (key, body) => headers(key, body),
    bodies: [
      ['jira:issue_created', issue('jira:issue_created', 'Verify Jira webhooks'), id, 'jira:issue_created'],
      ['jira:issue_updated with non-ASCII UTF-8', issue('jira:issue_updated', h.NON_ASCII_TEXT), id, 'jira:issue_updated'],
      ['a large (128 KiB) body', h.largeJson({ timestamp: (h.NOW - 5) * 1000, webhookEvent: 'jira:issue_updated' }, h.LARGE), id, 'jira:issue_updated'],
    ],
    tamper: (b) => b.replace('SLU-42', 'SLU-43'),
  });
  const body = issue('jira:issue_created', 'Verify Jira webhooks');
  h.add('jira', { description: 'a retry (X-Atlassian-Webhook-Retry: 1) keeps the identifier', producer: `node-crypto per ${DOC}`, secrets: [S], headers: headers(S, body, '1'), body, expected: 'verified', eventId: id, eventType: 'jira:issue_created' });
}
