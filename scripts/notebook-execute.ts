/**
 * Re-execute notebooks headless with the tslab kernel and save their outputs in place (what is committed,
 * so GitHub shows them). Stops a notebook at its first failing cell, saves that error in the notebook, and
 * exits 1 when any notebook failed. A notebook in which a section was skipped (`skipSection(reason)` printed
 * its marker, e.g. because its data is absent in this clone) is NOT saved: the committed outputs stay, the
 * reasons are listed, and the exit code is 1 (`--allow-skipped` saves it anyway).
 *
 * @example
 * node node_modules/tsx/dist/cli.mjs scripts/notebook-execute.ts                 # every notebooks/*.ipynb
 * node node_modules/tsx/dist/cli.mjs scripts/notebook-execute.ts notebooks/01-quickstart.ipynb --check
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseNotebook, serializeNotebook } from '../src/notebook/ipynb.js';
import { skippedSections } from '../src/notebook/skip.js';
import { importsScalelab, prepareLibraryForNotebooks } from '../src/notebook/notebook-env.js';
import { executeNotebook, PROJECT_ROOT } from '../src/notebook/notebook-kernel.js';

const HELP = `notebook-execute [notebook.ipynb ...] [--check] [--timeout SECONDS]

Execute notebooks (default: every notebooks/*.ipynb) in a fresh tslab kernel each and write their outputs
back into the files. --check executes without writing. Exit 1 when a cell fails.

A notebook with a skipped section (a "[scalelab] section skipped: ..." line, printed by skipSection()) is not
written, so a clone without the data cannot erase the committed outputs; --allow-skipped writes it anyway.
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { check: { type: 'boolean' }, 'allow-skipped': { type: 'boolean' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const timeout = Number(values.timeout ?? 300);
const dir = join(PROJECT_ROOT, 'notebooks');
const files = positionals.length > 0
  ? positionals
  : readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(dir, f));
if (files.length === 0) {
  process.stderr.write(`notebook-execute: no notebooks in ${dir}\n`);
  process.exit(0);
}
const notebooks = files.map((f) => ({ file: f, nb: parseNotebook(readFileSync(f, 'utf8'), f) }));
if (notebooks.some(({ nb }) => importsScalelab(nb.cells.filter((c) => c.cell_type === 'code').map((c) => c.source)))) {
  const prep = prepareLibraryForNotebooks();
  if (prep.buildWarnings) process.stderr.write(`notebook-execute: the build reported errors (dist/ was still written):\n${prep.buildWarnings}\n`);
}
let failed = 0;
for (const { file, nb } of notebooks) {
  const t0 = performance.now();
  const r = await executeNotebook(nb, { cwd: dirname(resolve(file)), cellTimeoutMs: timeout * 1000 });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const skipped = skippedSections(r.notebook);
  if (skipped.length > 0 && !values['allow-skipped']) {
    failed++;
    const list = skipped.map((s) => `  cell ${s.cellIndex + 1}: ${s.reason}`).join('\n');
    process.stderr.write(`SKIP ${file} (${secs} s): not saved, ${skipped.length} section(s) skipped:\n${list}\n` +
      '  the committed outputs are kept; provide what is missing (see the reasons), or pass --allow-skipped to save it anyway\n');
    continue;
  }
  if (!values.check) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, serializeNotebook(r.notebook));
    renameSync(tmp, file);
  }
  if (r.failure) {
    failed++;
    process.stderr.write(`FAIL ${file} (${secs} s): cell ${r.failure.cellIndex + 1}: ${r.failure.ename}: ${r.failure.evalue}\n`);
  } else {
    process.stderr.write(`ok   ${file} (${secs} s)\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
