// Shared shapes of the catalogue vectors, so every provider gets the same kinds of case: valid deliveries
// (a typical event, non-ASCII UTF-8, a 128 KiB body), a tampered body, a wrong secret, rotation (the
// signing secret is the second one configured) and, where the provider signs a timestamp, stale, edge and
// future timestamps. The signatures themselves are always made by the provider module's `sign` function,
// i.e. by the provider's official library or its documented algorithm, never by Sluice.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(import.meta.url);

/** Requires a file inside an installed package, bypassing its `exports` map (for helpers it does not export). */
export function requireInternal(pkg, file) {
  return requireHere(join(HERE, '..', 'node_modules', pkg, file));
}

/**
 * Like the generator's `atTime`, for async functions: while `fn` runs, both Date.now() and `new Date()`
 * (which does not call Date.now) give `nowSeconds`.
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

/**
 * Adds the standard cases of one scheme.
 *
 * spec: { scheme, producer, secret, wrong, bodies: [[what, body, eventId, eventType]],
 *         sign: async (secret, body, ts) => headers,
 *         official?: async (body, headers, secret, now) => {by, result},
 *         tamper: (body) => body, tolerance?: seconds (the scheme signs a timestamp; omit when it does not),
 *         caseExtra?: object merged into every case (e.g. public_url) }
 */
export async function signedCases(ctx, spec) {
  const { NOW, add } = ctx;
  const ts = NOW - 2;
  const common = { producer: spec.producer, ...(spec.caseExtra ?? {}) };
  const official = async (body, headers, secret, now = NOW) => (spec.official ? spec.official(body, headers, secret, now) : undefined);
  const one = async (c) => {
    const headers = c.headers ?? (await spec.sign(c.signWith ?? spec.secret, c.signedBody ?? c.body, c.ts ?? ts));
    add(spec.scheme, {
      ...common, description: c.description, secrets: c.secrets ?? [spec.secret], headers, body: c.body,
      now: c.now, expected: c.expected, eventId: c.eventId, eventType: c.eventType,
      official: await official(c.body, headers, spec.secret, c.now ?? NOW),
    });
  };
  for (const [what, body, eventId, eventType] of spec.bodies) {
    await one({ description: `valid: ${what}`, body, expected: 'verified', eventId, eventType });
  }
  const [, body, eventId, eventType] = spec.bodies[0];
  const ok = { expected: 'verified', eventId, eventType };
  await one({ description: 'tampered body', body: spec.tamper(body), signedBody: body, expected: 'invalid_signature' });
  await one({ description: 'signed with another secret', body, signWith: spec.wrong, expected: 'invalid_signature' });
  await one({ description: 'rotation: signed with the second configured secret', body, secrets: [spec.wrong, spec.secret], ...ok });
  if (spec.tolerance !== undefined) {
    const tol = spec.tolerance;
    await one({ description: `stale: timestamp ${tol + 1} s before now (tolerance ${tol} s)`, body, ts: NOW - tol - 1, expected: 'timestamp_out_of_tolerance' });
    await one({ description: `edge: timestamp exactly ${tol} s before now`, body, ts: NOW - tol, ...ok });
    await one({ description: `future: timestamp ${tol + 300} s after now`, body, ts: NOW + tol + 300, expected: 'timestamp_out_of_tolerance' });
  }
  return { ts, common };
}
