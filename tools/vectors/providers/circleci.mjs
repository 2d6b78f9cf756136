// CircleCI: `circleci-signature: v1=<hex HMAC-SHA256 of the body>` (other versions may precede it, comma-separated),
// replicating CircleCI's documented example.
import { createHmac } from 'node:crypto';
import { standardCases, ms, iso } from '../lib/kit.mjs';

const mac = (alg, key, body, enc) => createHmac(alg, key).update(body).digest(enc);

export default async function circleci(h) {
  const ts = h.NOW - 5;

  const CIRCLECI = 'https://circleci.com/docs/guides/integration/outbound-webhooks/#validate-webhooks';
  const workflow = (id, type, extra = {}) => JSON.stringify({
    id, type, happened_at: new Date(ts * 1000).toISOString(), webhook: { id: 'cf8c4fdd-0587-4da1-b4ca-4846e9640af9', name: 'Sluice' },
    project: { id: '84996744-a854-4f5e-aea3-04e2851dc1d2', name: 'vectors', slug: 'github/sluice/vectors' },
    organization: { id: 'f22b6566-597d-46d5-ba74-99ef5bb3d85c', name: 'sluice' },
    workflow: { id: 'fda08377-fe7e-46b1-8992-3a7aaecac9c3', name: 'build-test-deploy', status: 'success', created_at: iso(ts - 300), stopped_at: iso(ts) },
    pipeline: { id: '1285fe1d-d3a6-44fc-8886-8979558254c4', number: 130 }, ...extra,
  });
  await standardCases(h, {
    scheme: 'circleci',
    producer: `node-crypto replicating ${CIRCLECI} (circleci-signature: v1=<hex HMAC-SHA256 of the body>)`,
    secret: 'sluice-vectors-circleci-signing-secret', wrong: 'not-the-circleci-signing-secret',
    deliver: (key, body) => ({ 'circleci-signature': `v1=${mac('sha256', key, body, 'hex')}`, 'circleci-event-type': JSON.parse(body).type, 'Content-Type': 'application/json', 'User-Agent': 'CircleCI-Webhook/1.0' }),
    bodies: [
      ['workflow-completed', workflow('3888f21b-eaa7-38e3-8f3d-75a63bba8895', 'workflow-completed'), '3888f21b-eaa7-38e3-8f3d-75a63bba8895', 'workflow-completed'],
      ['job-completed with non-ASCII UTF-8', workflow('3888f21b-eaa7-38e3-8f3d-75a63bba8896', 'job-completed', { job: { id: 'a1', name: h.NON_ASCII_TEXT, status: 'failed' } }), '3888f21b-eaa7-38e3-8f3d-75a63bba8896', 'job-completed'],
      ['a large (128 KiB) body', h.largeJson({ id: '3888f21b-eaa7-38e3-8f3d-75a63bba8897', type: 'workflow-completed' }, h.LARGE), '3888f21b-eaa7-38e3-8f3d-75a63bba8897', 'workflow-completed'],
    ],
    tamper: (b) => b.replace('"success"', '"failing"'),
  });
  // CircleCI documents that the header may carry several comma-separated versions; v1 is the one to check.
  const wf = workflow('3888f21b-eaa7-38e3-8f3d-75a63bba8895', 'workflow-completed');
  h.add('circleci', { description: 'a future signature version before v1 (v2=..., v1=...)', producer: `node-crypto replicating ${CIRCLECI}`, secrets: ['sluice-vectors-circleci-signing-secret'], headers: { 'circleci-signature': `v2=${'0'.repeat(64)},v1=${mac('sha256', 'sluice-vectors-circleci-signing-secret', wf, 'hex')}`, 'Content-Type': 'application/json' }, body: wf, expected: 'verified', eventId: '3888f21b-eaa7-38e3-8f3d-75a63bba8895', eventType: 'workflow-completed' });
}
