import { createHmac } from 'node:crypto';

// ---- hyponema ---------------------------------------------------------------------------------------
// Hyponema's signature rule is given in the source's hmac block (its reference names it); Node's crypto
// computes it from that rule, independently of Sluice's signer.

const P = `node:crypto createHmac (Node ${process.versions.node}) per the case's source.hmac rule`;

export default function genHyponema(h) {
  const { NOW, URL_BASE, NON_ASCII_TEXT, add } = h;
  const S = 'sluice-vectors-hyponema-secret';
  const WRONG = 'not-the-hyponema-secret';
  const rule = { header: 'X-Hyponema-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=', signed: '{id}.{timestamp}.{body}' };
  const src = { hmac: rule, timestamp: { header: 'X-Hyponema-Timestamp' } };
  const sig = (secret, id, t, b) => 'sha256=' + createHmac('sha256', secret).update(`${id}.${t}.`).update(b, 'utf8').digest('hex');
  const body = JSON.stringify({ event_id: 'hyp_evt_1', type: 'response.completed', data: { text: 'ok' } });
  const t = String(NOW - 3);
  const hdr = (s, id = 'hyp_evt_1', ts = t) => ({ 'X-Hyponema-Signature': s, 'X-Hyponema-Timestamp': ts, 'X-Hyponema-Event-Id': id, 'X-Hyponema-Event-Type': 'response.completed', 'X-Hyponema-Delivery-Attempt': '2' });

  add('hyponema', { description: 'valid: id, timestamp and body signed; id and type from headers', producer: P, source: src, secrets: [S], headers: hdr(sig(S, 'hyp_evt_1', t, body)), body, expected: 'verified', eventId: 'hyp_evt_1', eventType: 'response.completed' });
  add('hyponema', { description: 'tampered body', producer: P, source: src, secrets: [S], headers: hdr(sig(S, 'hyp_evt_1', t, body)), body: body.replace('ok', 'ko'), expected: 'invalid_signature' });
  add('hyponema', { description: 'event id header changed after signing', producer: P, source: src, secrets: [S], headers: hdr(sig(S, 'hyp_evt_1', t, body), 'hyp_evt_2'), body, expected: 'invalid_signature' });
  add('hyponema', { description: 'signed with another secret', producer: P, source: src, secrets: [S], headers: hdr(sig(WRONG, 'hyp_evt_1', t, body)), body, expected: 'invalid_signature' });
  const stale = String(NOW - 301);
  add('hyponema', { description: 'stale: timestamp 301 s before now', producer: P, source: src, secrets: [S], headers: hdr(sig(S, 'hyp_evt_1', stale, body), 'hyp_evt_1', stale), body, expected: 'timestamp_out_of_tolerance' });
  const noHeaderId = { 'X-Hyponema-Signature': sig(S, 'hyp_evt_1', t, body), 'X-Hyponema-Timestamp': t };
  add('hyponema', { description: 'valid: no id header, id from body /event_id', producer: P, source: src, secrets: [S], headers: noHeaderId, body, expected: 'verified', eventId: 'hyp_evt_1', eventType: '' });
}
