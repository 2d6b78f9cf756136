// Bitbucket Cloud: `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` (webhooks with a secret); no library signs,
// so Node's crypto computes exactly the rule Bitbucket documents.
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function bitbucket(h) {
  const ts = h.NOW - 5;

  const BB = 'https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/#Secure-webhooks';
  const bbHeaders = (key, body, event = 'repo:push', request = 'b6f4a4c4-4c8e-4a49-8b2f-0b7c6e1a0001') => ({
    'X-Event-Key': event, 'X-Hook-UUID': '{0d5e6f1a-2b3c-4d5e-8f90-a1b2c3d4e5f6}', 'X-Request-UUID': request, 'X-Attempt-Number': '1',
    'X-Hub-Signature': `sha256=${mac('sha256', key, body, 'hex')}`, 'Content-Type': 'application/json', 'User-Agent': 'Bitbucket-Webhooks/2.0',
  });
  const push = JSON.stringify({ push: { changes: [{ new: { type: 'branch', name: 'main', target: { hash: 'a'.repeat(40) } }, old: { type: 'branch', name: 'main' } }] }, repository: { type: 'repository', full_name: 'sluice/vectors', uuid: '{8c2e5a3a-1111-4c2d-9c5e-5a1b7d2c0abc}' }, actor: { display_name: 'Ana Müller', uuid: '{2e4f5d6a-1111-4c2d-9c5e-5a1b7d2c0abc}' } });
  await standardCases(h, {
    scheme: 'bitbucket',
    producer: `node-crypto per ${BB} (X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>)`,
    secret: 'sluice-vectors-bitbucket-secret', wrong: 'not-the-bitbucket-secret',
    deliver: (key, body) => bbHeaders(key, body, JSON.parse(body).pullrequest ? 'pullrequest:created' : 'repo:push'),
    bodies: [
      ['repo:push', push, 'b6f4a4c4-4c8e-4a49-8b2f-0b7c6e1a0001', 'repo:push'],
      ['pullrequest:created with non-ASCII UTF-8', JSON.stringify({ pullrequest: { id: 7, title: h.NON_ASCII_TEXT, state: 'OPEN' }, repository: { full_name: 'sluice/vectors' } }), 'b6f4a4c4-4c8e-4a49-8b2f-0b7c6e1a0001', 'pullrequest:created'],
      ['a large (128 KiB) body', h.largeJson({ push: { changes: [] } }, h.LARGE), 'b6f4a4c4-4c8e-4a49-8b2f-0b7c6e1a0001', 'repo:push'],
    ],
    tamper: (b) => b.replace('Ana', 'Eve'),
  });
  const bbNoId = bbHeaders('sluice-vectors-bitbucket-secret', push);
  delete bbNoId['X-Request-UUID'];
  h.add('bitbucket', { description: 'valid signature, X-Request-UUID missing', producer: `node-crypto per ${BB}`, secrets: ['sluice-vectors-bitbucket-secret'], headers: bbNoId, body: push, expected: 'missing_event_id' });
}
