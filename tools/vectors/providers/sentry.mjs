// Sentry integration platform: `Sentry-Hook-Signature` = hex HMAC-SHA256 of the body with the client secret, computed
// with Node's crypto replicating Sentry's documented example (which hashes the compact JSON Sentry sends).
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function sentry(h) {
  const ts = h.NOW - 5;

  // Sentry's example hashes JSON.stringify(request.body): Sentry sends compact JSON, so the raw body is that string.
  const SENTRY = 'https://docs.sentry.io/organization/integrations/integration-platform/webhooks/#sentry-hook-signature';
  const requestId = 'a7c4a2d4-9e53-4a5c-8f0e-5c5d8a1e0001';
  const sentryHeaders = (key, body, resource = JSON.parse(body).data?.comment_id ? 'comment' : 'issue', stamp = ts) => ({
    'Content-Type': 'application/json', 'Request-ID': requestId, 'Sentry-Hook-Resource': resource, 'Sentry-Hook-Timestamp': String(stamp),
    'Sentry-Hook-Signature': mac('sha256', key, body, 'hex'),
  });
  const issue = JSON.stringify({ action: 'created', installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' }, data: { issue: { id: '1170820242', shortId: 'SLUICE-1', title: 'TypeError: Cannot read properties of undefined', culprit: 'app/views', level: 'error', status: 'unresolved', project: { id: '5398494', slug: 'sluice' }, firstSeen: iso(ts - 60) } }, actor: { type: 'application', id: 'sentry', name: 'Sentry' } });
  await standardCases(h, {
    scheme: 'sentry',
    producer: `node-crypto replicating ${SENTRY} (hex HMAC-SHA256 of the body with the client secret)`,
    secret: 'sluice-vectors-sentry-client-secret-0001', wrong: 'not-the-sentry-client-secret-000000000',
    deliver: (key, body) => sentryHeaders(key, body),
    bodies: [
      ['issue created', issue, requestId, 'issue'],
      ['comment created with non-ASCII UTF-8', JSON.stringify({ action: 'created', installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' }, data: { comment_id: '1234', issue_id: '1170820242', project_slug: 'sluice', timestamp: iso(ts), comment: h.NON_ASCII_TEXT }, actor: { type: 'user', id: '1', name: 'Zoë' } }), requestId, 'comment'],
      ['a large (128 KiB) body', h.largeJson({ action: 'resolved', data: { issue: { id: '1' } } }, h.LARGE), requestId, 'issue'],
    ],
    tamper: (b) => b.replace('SLUICE-1', 'SLUICE-2'),
  });
}
