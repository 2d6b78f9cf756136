// Loads every catalogue preset's vector generator: one module per scheme in this folder, named after the
// scheme (`paddle.mjs` writes `paddle.json`). Adding a provider's vectors is adding one file here; modules
// whose names start with `_` are shared helpers, not providers.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Runs each provider module's default export with the generator's context (add, NOW, helpers). */
export async function generateProviders(ctx) {
  const files = readdirSync(HERE).filter((f) => f.endsWith('.mjs') && f !== 'index.mjs' && !f.startsWith('_')).sort();
  for (const f of files) {
    const mod = await import(pathToFileURL(`${HERE}/${f}`).href);
    await mod.default(ctx);
  }
}
