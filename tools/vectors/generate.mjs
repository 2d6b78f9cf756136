// Generates cross-implementation test vectors for Sluice's verifiers: runs every providers/<scheme>.mjs
// (see lib.mjs for what they share) and writes core/src/test/resources/vectors/<scheme>.json.
//
// Usage: cd tools/vectors && npm ci && npm run generate

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HERE, OUT, cases } from './lib.mjs';

// ---- main -----------------------------------------------------------------------------------------

// Every providers/<scheme>.mjs, in name order: its default export adds that scheme's cases.
for (const file of readdirSync(join(HERE, 'providers')).filter((f) => f.endsWith('.mjs')).sort()) {
  const module = await import(pathToFileURL(join(HERE, 'providers', file)).href);
  await module.default();
}

// HTTP/2 (and many proxies) deliver header names in lower case: the first valid case of each scheme again,
// with every header name lower-cased.
for (const list of Object.values(cases)) {
  const first = list.find((c) => c.expected === 'verified');
  list.push({
    ...first,
    description: `header names in lower case (as HTTP/2 delivers them); otherwise: ${first.description}`,
    headers: Object.fromEntries(Object.entries(first.headers).map(([k, v]) => [k.toLowerCase(), v])),
  });
}

mkdirSync(OUT, { recursive: true });
for (const [scheme, list] of Object.entries(cases)) {
  writeFileSync(join(OUT, `${scheme}.json`), JSON.stringify(list, null, 2) + '\n');
  const producers = {};
  for (const c of list) producers[c.producer] = (producers[c.producer] ?? 0) + 1;
  console.log(`${scheme}: ${list.length} cases`);
  for (const [p, n] of Object.entries(producers)) console.log(`  ${n}  ${p}`);
  for (const c of list) {
    if (c.official_verifier) {
      const agrees = (c.expected === 'verified') === (c.official_verifier.result === 'accepted');
      if (!agrees) console.log(`  differs: official verifier ${c.official_verifier.result.slice(0, 60)} / Sluice expects ${c.expected}: ${c.description}`);
    }
  }
}
