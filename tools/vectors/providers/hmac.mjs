import { createHmac, createHash } from 'node:crypto';

// ---- hmac (configurable) ----------------------------------------------------------------------------
// The configurable scheme has no provider library: Node's crypto computes each signature from the
// source's hmac rule (written next to the case as `source`), independently of Sluice's signer.

const P = `node:crypto createHmac (Node ${process.versions.node}) per the case's source.hmac rule`;

function mac(rule, secret, parts) {
  const h = createHmac(rule.algorithm, secret);
  for (const p of parts) h.update(p);
  const raw = h.digest(rule.encoding === 'base64' ? 'base64' : 'hex');
  return (rule.prefix ?? '') + raw;
}

export default function genHmac(h) {
  const { NOW, URL_BASE, NON_ASCII_TEXT, add } = h;
  const S = 'sluice-vectors-hmac-secret';
  const OTHER = 'sluice-vectors-hmac-rotated';
  const WRONG = 'not-the-hmac-secret';
  const sha256 = { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', signed: '{timestamp}.{body}' };
  const src = { hmac: sha256, timestamp: { header: 'X-Timestamp' }, 'event-id': { json: '/id' }, 'event-type': { json: '/type' } };
  const body = JSON.stringify({ id: 'evt_hmac_1', type: 'thing.done', note: NON_ASCII_TEXT });
  const ts = String(NOW - 10);
  const sign = (rule, secret, b, t) => mac(rule, secret, [Buffer.from(`${t}.`), Buffer.from(b, 'utf8')]);
  const hdr = (sig, t) => ({ 'X-Signature': sig, 'X-Timestamp': t });

  add('hmac', { description: 'valid: sha256 hex with prefix over {timestamp}.{body}', producer: P, source: src, secrets: [S], headers: hdr(sign(sha256, S, body, ts), ts), body, expected: 'verified', eventId: 'evt_hmac_1', eventType: 'thing.done' });
  add('hmac', { description: 'tampered body', producer: P, source: src, secrets: [S], headers: hdr(sign(sha256, S, body, ts), ts), body: body.replace('thing.done', 'thing.undone'), expected: 'invalid_signature' });
  add('hmac', { description: 'signed with another secret', producer: P, source: src, secrets: [S], headers: hdr(sign(sha256, WRONG, body, ts), ts), body, expected: 'invalid_signature' });
  add('hmac', { description: 'rotation: signed with the second configured secret', producer: P, source: src, secrets: [S, OTHER], headers: hdr(sign(sha256, OTHER, body, ts), ts), body, expected: 'verified', eventId: 'evt_hmac_1', eventType: 'thing.done' });
  const stale = String(NOW - 301);
  add('hmac', { description: 'stale: timestamp 301 s before now (tolerance 300 s)', producer: P, source: src, secrets: [S], headers: hdr(sign(sha256, S, body, stale), stale), body, expected: 'timestamp_out_of_tolerance' });
  add('hmac', { description: 'signature computed over a different timestamp than the header', producer: P, source: src, secrets: [S], headers: hdr(sign(sha256, S, body, ts), String(NOW - 11)), body, expected: 'invalid_signature' });

  const b64 = { header: 'X-Partner-Signature', algorithm: 'sha1', encoding: 'base64', prefix: '', signed: '{body}' };
  const body2 = 'event=created&id=42';
  add('hmac', { description: 'valid: sha1 base64 of a form body, no timestamp, id = SHA-256 of the body', producer: P, source: { hmac: b64 }, secrets: [S], headers: { 'X-Partner-Signature': mac(b64, S, [Buffer.from(body2)]) }, body: body2, expected: 'verified', eventId: createHash('sha256').update(body2).digest('hex'), eventType: '' });

  const url = `${URL_BASE}partner?x=1`;
  const s512 = { header: 'X-Sig', algorithm: 'sha512', encoding: 'hex', prefix: '', signed: '{id}:{url}:{body}' };
  const src3 = { hmac: s512, 'event-id': { header: 'X-Id' } };
  const body3 = '{"a":1}';
  add('hmac', { description: 'valid: sha512 hex over {id}:{url}:{body}, id from a header', producer: P, source: src3, secrets: [S], url, headers: { 'X-Sig': mac(s512, S, [Buffer.from(`d-77:${url}:`), Buffer.from(body3)]), 'X-Id': 'd-77' }, body: body3, expected: 'verified', eventId: 'd-77', eventType: '' });
  add('hmac', { description: 'sha512 rule: URL differs from the signed one', producer: P, source: src3, secrets: [S], url: `${URL_BASE}other`, headers: { 'X-Sig': mac(s512, S, [Buffer.from(`d-77:${url}:`), Buffer.from(body3)]), 'X-Id': 'd-77' }, body: body3, expected: 'invalid_signature' });
}
