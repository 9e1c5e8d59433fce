/**
 * Build the library if a source changed and link it as node_modules/scalelab, so tslab cells can
 * `import { ... } from 'scalelab'` with types (see src/notebook/notebook-env.ts). Run by notebook-setup.sh
 * and notebook.sh.
 *
 * @example
 * node node_modules/tsx/dist/cli.mjs scripts/notebook-prepare.ts [--always]
 */
import { ScalelabError } from '../src/errors.js';
import { prepareLibraryForNotebooks } from '../src/notebook/notebook-env.js';

try {
  const r = prepareLibraryForNotebooks({ build: process.argv.includes('--always') ? 'always' : 'if-stale' });
  if (r.buildWarnings) process.stderr.write(`notebook-prepare: the build reported errors (dist/ was still written):\n${r.buildWarnings}\n`);
  process.stderr.write(`notebook-prepare: ${r.built ? 'built dist/ and ' : ''}linked ${r.packageDir}\n`);
} catch (e) {
  if (!(e instanceof ScalelabError)) throw e;
  process.stderr.write(`notebook-prepare: ${e.message}\n`);
  process.exitCode = 1;
}
