// Generates cross-implementation test vectors for Sluice's verifiers.
//
// Every signature in the output is computed by code that is NOT Sluice's: the providers' official
// libraries where one can sign (stripe, standardwebhooks, svix, @octokit/webhooks-methods,
// @shopify/shopify-api), else Node's crypto following the provider's published algorithm (labelled with
// the document it follows). Where an official library can VERIFY, each case is also run through it and
// its verdict recorded in `official_verifier`, so a disagreement between Sluice and the provider's own
// code is visible in the file (e.g. Stripe's library accepts future timestamps; Sluice does not).
//
// Output: core/src/test/resources/vectors/<scheme>.json, a JSON array of cases. Deterministic: fixed
// secrets, ids and clock, so regenerating with the same library versions gives the same files.
//
// Usage: cd tools/vectors && npm ci && npm run generate
//
// This file holds what every provider's generator shares; each provider's cases are made by
// providers/<scheme>.mjs (loaded by generate.mjs), so adding a provider adds one file here.

import { createRequire } from 'node:module';
import { createHmac, createHash, createPrivateKey, sign as edSign } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const require = createRequire(import.meta.url);
export const HERE = dirname(fileURLToPath(import.meta.url));
export const OUT = join(HERE, '..', '..', 'core', 'src', 'test', 'resources', 'vectors');

// Read from node_modules directly: some packages do not export their package.json.
export const version = (pkg) => JSON.parse(readFileSync(join(HERE, 'node_modules', pkg, 'package.json'), 'utf8')).version;
export const V = {
  stripe: `stripe@${version('stripe')}`,
  standardwebhooks: `standardwebhooks@${version('standardwebhooks')}`,
  svix: `svix@${version('svix')}`,
  octokit: `@octokit/webhooks-methods@${version('@octokit/webhooks-methods')}`,
  bolt: `@slack/bolt@${version('@slack/bolt')}`,
  shopify: `@shopify/shopify-api@${version('@shopify/shopify-api')}`,
};


// 2026-11-23T12:00:00Z: every case pins the verifier's clock to `now`.
export const NOW = 1795435200;

export const DOCS = {
  slack: 'https://api.slack.com/authentication/verifying-requests-from-slack',
  shopify: 'https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook',
  hume: 'https://github.com/HumeAI/hume-api-examples/blob/main/evi/evi-typescript-webhooks/src/util.ts (validateHmacSignature; same computation in evi/evi-python-webhooks/utils.py)',
  hyperspell: 'Hyperspell webhook docs, Python verify_webhook example (/work/shared/seeds/001_76c02424e172cf12.txt)',
  aihummer: 'AiHummer "Inbound & Integration Triggers" doc, X-AIHummer-Signature HMAC (/work/shared/seeds/003_ff6b0fb7427a782c.txt; hex HMAC-SHA256 of the body per DESIGN.md)',
  swSpec: 'https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md',
  github: 'https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation',
};

export const URL_BASE = 'https://sluice.example/webhooks/';

// ---- bodies ---------------------------------------------------------------------------------------

/** A deterministic JSON body of at least `bytes` UTF-8 bytes, with non-ASCII text inside. */
export function largeJson(head, bytes) {
  const items = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = { n: i, sku: `SKU-${String(i).padStart(6, '0')}`, note: `Zeile ${i}: Grüße aus Köln — ☕ ${'x'.repeat(40)}` };
    items.push(item);
    size += Buffer.byteLength(JSON.stringify(item)) + 1;
  }
  return JSON.stringify({ ...head, items });
}
export const LARGE = 128 * 1024;
export const NON_ASCII_TEXT = 'Grüße aus Zürich, 東京からこんにちは, emoji 🎉🚀, RTL שלום, combining é';

export const cases = {};
export function add(scheme, c) {
  const body = Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8');
  const text = body.toString('utf8');
  const out = {
    description: c.description,
    producer: c.producer,
    secrets: c.secrets,
  };
  if (c.tolerance) out.tolerance = c.tolerance;
  if (c.source) out.source = c.source;
  out.headers = c.headers;
  if (Buffer.from(text, 'utf8').equals(body)) out.body = text; else out.body_base64 = body.toString('base64');
  out.url = c.url ?? URL_BASE + scheme;
  out.now = c.now ?? NOW;
  out.expected = c.expected;
  if (c.eventId !== undefined) out.expected_event_id = c.eventId;
  if (c.eventType !== undefined) out.expected_event_type = c.eventType;
  if (c.official) out.official_verifier = c.official;
  (cases[scheme] ??= []).push(out);
}

export function sha256Hex(s) {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Runs `fn` with Date.now() pinned to `nowSeconds` (for libraries that read the clock themselves). */
export function atTime(nowSeconds, fn) {
  const real = Date.now;
  Date.now = () => nowSeconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

export function verdict(by, fn) {
  try {
    const r = fn();
    if (r === false) return { by, result: 'rejected' };
    return { by, result: 'accepted' };
  } catch (e) {
    return { by, result: `rejected: ${e.message.split('\n')[0]}` };
  }
}

export async function verdictAsync(by, fn) {
  try {
    const r = await fn();
    return { by, result: r === false ? 'rejected' : 'accepted' };
  } catch (e) {
    return { by, result: `rejected: ${e.message.split('\n')[0]}` };
  }
}
