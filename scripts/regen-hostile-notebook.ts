/**
 * Rewrite test/notebook/fixtures/hostile-outputs.ipynb from its payload list. The notebook embeds the first figure of
 * the committed notebooks/02-scaling-laws.ipynb (a real scalelab figure that must keep rendering), so re-executing
 * the notebooks changes it: run `npx tsx scripts/regen-hostile-notebook.ts` after `npm run notebooks:execute`.
 */
import { writeFileSync } from 'node:fs';
import { serializeNotebook } from '../src/notebook/ipynb.js';
import { hostileNotebook } from '../test/notebook/hostile-notebook.js';

writeFileSync(new URL('../test/notebook/fixtures/hostile-outputs.ipynb', import.meta.url), serializeNotebook(hostileNotebook()));
process.stderr.write('wrote test/notebook/fixtures/hostile-outputs.ipynb\n');
