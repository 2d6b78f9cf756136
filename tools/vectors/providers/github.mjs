import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { V, NOW, DOCS, URL_BASE, LARGE, NON_ASCII_TEXT, add, largeJson, sha256Hex, atTime, verdict, verdictAsync } from '../lib.mjs';
import { sign as ghSign, verify as ghVerify } from '@octokit/webhooks-methods';

const require = createRequire(import.meta.url);

// ---- github ---------------------------------------------------------------------------------------

export default async function genGithub() {
  const S = 'sluice-vectors-github-secret';
  const WRONG = 'not-the-github-secret';
  const P = `${V.octokit} sign`;
  const by = `${V.octokit} verify`;
  const official = (payload, signature, secret = S) => verdictAsync(by, () => ghVerify(secret, payload, signature));
  const hdr = (sig, delivery, event) => ({ 'X-GitHub-Delivery': delivery, 'X-GitHub-Event': event, 'X-GitHub-Hook-ID': '123456789', 'X-Hub-Signature-256': sig, 'User-Agent': 'GitHub-Hookshot/044aadd', 'Content-Type': 'application/json' });
  const bodies = [
    ['a push event', JSON.stringify({ ref: 'refs/heads/main', before: '0'.repeat(40), after: 'a'.repeat(40), repository: { id: 1, full_name: 'sluice/vectors' }, pusher: { name: 'octocat' } }, null, 2), 'push'],
    ['non-ASCII UTF-8 in the body', JSON.stringify({ action: 'opened', issue: { number: 7, title: NON_ASCII_TEXT } }), 'issues'],
    ['a ping with an empty-ish JSON body', '{}', 'ping'],
    ['a large (128 KiB) body', largeJson({ action: 'completed', workflow_run: { id: 9 } }, LARGE), 'workflow_run'],
  ];
  let n = 0;
  for (const [what, body, event] of bodies) {
    const delivery = `72d3162e-cc78-11e3-81ab-4c9367dc0${String(++n).padStart(3, '0')}`;
    const sig = await ghSign(S, body);
    add('github', { description: `valid: ${what}`, producer: P, secrets: [S], headers: hdr(sig, delivery, event), body, expected: 'verified', eventId: delivery, eventType: event, official: await official(body, sig) });
  }
  const body = bodies[0][1];
  const delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
  const sig = await ghSign(S, body);
  add('github', { description: 'tampered body', producer: P, secrets: [S], headers: hdr(sig, delivery, 'push'), body: body.replace('octocat', 'octodog'), expected: 'invalid_signature', official: await official(body.replace('octocat', 'octodog'), sig) });
  const wrong = await ghSign(WRONG, body);
  add('github', { description: 'signed with another secret', producer: P, secrets: [S], headers: hdr(wrong, delivery, 'push'), body, expected: 'invalid_signature', official: await official(body, wrong) });
  add('github', { description: 'rotation: signed with the second configured secret', producer: P, secrets: [WRONG, S], headers: hdr(sig, delivery, 'push'), body, expected: 'verified', eventId: delivery, eventType: 'push', official: await verdictAsync(`${V.octokit} verifyWithFallback`, async () => (await import('@octokit/webhooks-methods')).verifyWithFallback(WRONG, body, sig, [S])) });
  // Form-encoded deliveries (content type application/x-www-form-urlencoded) are signed over the raw form body.
  const form = `payload=${encodeURIComponent(JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 }))}`;
  const fsig = await ghSign(S, form);
  add('github', { description: 'form-encoded delivery (payload=...)', producer: P, secrets: [S], headers: { ...hdr(fsig, delivery, 'ping'), 'Content-Type': 'application/x-www-form-urlencoded' }, body: form, expected: 'verified', eventId: delivery, eventType: 'ping', official: await official(form, fsig) });
  // Bytes that are not UTF-8 (a Latin-1 form body): the HMAC covers the raw bytes.
  const latin1 = Buffer.from('payload=caf\xe9+cr\xe8me', 'latin1');
  const rawSig = `sha256=${createHmac('sha256', S).update(latin1).digest('hex')}`;
  add('github', { description: 'a body that is not UTF-8 (Latin-1 bytes)', producer: `node-crypto per ${DOCS.github} (octokit signs strings only)`, secrets: [S], headers: { ...hdr(rawSig, delivery, 'ping'), 'Content-Type': 'application/x-www-form-urlencoded' }, body: latin1, expected: 'verified', eventId: delivery, eventType: 'ping' });
  // GitHub's documented example.
  const docSecret = "It's a Secret to Everybody";
  const docBody = 'Hello, World!';
  const docSig = await ghSign(docSecret, docBody);
  assert.equal(docSig, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  add('github', { description: "GitHub's documented example (It's a Secret to Everybody / Hello, World!)", producer: `${P}, equal to ${DOCS.github}`, secrets: [docSecret], headers: hdr(docSig, delivery, 'ping'), body: docBody, expected: 'verified', eventId: delivery, eventType: 'ping', official: await official(docBody, docSig, docSecret) });
  // Only the legacy SHA-1 header (X-Hub-Signature) is not accepted.
  const sha1 = `sha1=${createHmac('sha1', S).update(body).digest('hex')}`;
  const legacy = hdr(sig, delivery, 'push');
  delete legacy['X-Hub-Signature-256'];
  legacy['X-Hub-Signature'] = sha1;
  add('github', { description: 'only the legacy X-Hub-Signature (sha1) header', producer: `node-crypto per ${DOCS.github}`, secrets: [S], headers: legacy, body, expected: 'missing_signature' });
  add('github', { description: 'both X-Hub-Signature (sha1) and X-Hub-Signature-256, as GitHub sends them', producer: `${P} + node-crypto sha1 per ${DOCS.github}`, secrets: [S], headers: { ...hdr(sig, delivery, 'push'), 'X-Hub-Signature': sha1 }, body, expected: 'verified', eventId: delivery, eventType: 'push', official: await official(body, sig) });
  const noDelivery = hdr(sig, delivery, 'push');
  delete noDelivery['X-GitHub-Delivery'];
  add('github', { description: 'valid signature, X-GitHub-Delivery missing', producer: P, secrets: [S], headers: noDelivery, body, expected: 'missing_event_id', official: await official(body, sig) });
}
