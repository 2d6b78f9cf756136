// Shared case sets for provider generators (tools/vectors/providers/*.mjs).
//
// A provider generator describes how ITS delivery is made (`deliver`), and `standardCases` adds the cases every
// provider ships: valid deliveries, a tampered body, another secret, rotation (the signing secret is the second
// one configured) and, where the provider signs a timestamp, stale / edge / future timestamps. `deliver` must
// produce the signature with the provider's official library, or with code that replicates the provider's
// published reference code (named in `producer`); `official` (optional) runs the provider's own verifier on the
// same delivery and returns a verdict (see generate.mjs `verdict`).

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * @param h       the helpers passed to every provider generator (generate.mjs)
 * @param spec    {
 *   scheme, producer, secret, wrong,
 *   deliver: async (secret, body, ts) => headers   signs `body` at time `ts` (epoch seconds),
 *   bodies: [[description, body | (ts) => body, eventId, eventType]]  valid deliveries (the first is the main one),
 *   tamper: (body) => body                       a one-byte-ish change of the main body,
 *   tolerance: seconds | undefined               when the provider signs a timestamp,
 *   official: async (body, headers, secret, now) => verdict | undefined,
 *   url, extra: {} (copied into each case: e.g. `tolerance` override, `public_url`),
 *   configured: (signingKey) => the source's secret for it (asymmetric schemes: the public key; default: itself) }
 */
export async function standardCases(h, spec) {
  const { scheme, producer: P, secret: S, wrong: WRONG } = spec;
  const ts0 = h.NOW - 5;
  const body = (b, ts) => (typeof b === 'function' ? b(ts) : b);
  const official = async (b, headers, secret = S, now = h.NOW) => (spec.official ? await spec.official(b, headers, secret, now) : undefined);
  const configured = spec.configured ?? ((k) => k);
  const add = async (c) => {
    const secrets = c.secrets.map(configured);
    const officialSecret = c.officialSecret !== undefined ? configured(c.officialSecret) : secrets[secrets.length - 1];
    return h.add(scheme, { producer: P, url: spec.url, ...spec.extra, ...c, secrets, official: await official(c.body, c.headers, officialSecret, c.now ?? h.NOW) });
  };

  for (const [what, b, id, type] of spec.bodies) {
    const text = body(b, ts0);
    await add({ description: `valid: ${what}`, secrets: [S], headers: await spec.deliver(S, text, ts0), body: text, expected: 'verified', eventId: id, eventType: type });
  }
  const [, mainBody, id, type] = spec.bodies[0];
  const main = body(mainBody, ts0);
  const tampered = spec.tamper(main);
  if (tampered === main) throw new Error(`${scheme}: tamper() did not change the body`);
  await add({ description: 'tampered body (changed after signing)', secrets: [S], headers: await spec.deliver(S, main, ts0), body: tampered, expected: 'invalid_signature' });
  await add({ description: 'signed with another secret', secrets: [S], headers: await spec.deliver(WRONG, main, ts0), body: main, expected: 'invalid_signature', officialSecret: S });
  await add({ description: 'rotation: signed with the second configured secret', secrets: [WRONG, S], headers: await spec.deliver(S, main, ts0), body: main, expected: 'verified', eventId: id, eventType: type });
  if (spec.tolerance !== undefined) {
    const t = spec.tolerance;
    for (const [what, ts, expected] of [
      [`stale: timestamp ${t + 1} s before now (tolerance ${t} s)`, h.NOW - t - 1, 'timestamp_out_of_tolerance'],
      [`edge: timestamp exactly ${t} s before now (accepted)`, h.NOW - t, 'verified'],
      [`future: timestamp ${t + 1} s after now`, h.NOW + t + 1, 'timestamp_out_of_tolerance'],
    ]) {
      const b = body(mainBody, ts);
      const c = { description: what, secrets: [S], headers: await spec.deliver(S, b, ts), body: b, expected };
      if (expected === 'verified') Object.assign(c, { eventId: id, eventType: type });
      await add(c);
    }
  }
}

/** Milliseconds since the epoch as a number (providers that put ms in the body). */
export const ms = (seconds) => seconds * 1000;

/** RFC 3339 UTC text of epoch seconds, e.g. 2026-11-23T12:00:00Z (no fraction). */
export const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Runs `fn` (sync or async) while both Date.now() and `new Date()` (which does not call Date.now) give
 * `nowSeconds`: for provider libraries that read the clock themselves.
 */
export async function atTimeAsync(nowSeconds, fn) {
  const RealDate = globalThis.Date;
  class PinnedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(nowSeconds * 1000); else super(...args);
    }

    static now() {
      return nowSeconds * 1000;
    }
  }
  globalThis.Date = PinnedDate;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** Requires a file inside an installed package, bypassing its `exports` map (for helpers it does not export). */
export function requireInternal(pkg, file) {
  return createRequire(import.meta.url)(fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url)));
}
