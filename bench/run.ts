/**
 * Runs every benchmark one after another (each in its own process, so one does not warm or slow the next) and
 * prints their output. Results are recorded by hand in bench/RESULTS.md with the machine and date.
 *
 *   npm run bench            # all
 *   npm run bench -- fit csv # those whose name contains one of the words
 *
 * The scipy/pandas sides need Debian's python3-scipy and python3-pandas (/usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

const BENCHES: { name: string; args: string[] }[] = [
  { name: 'csv-vs-pandas (10M rows, CSV)', args: ['bench/csv-vs-pandas.ts', '10000000', 'csv'] },
  { name: 'csv-vs-pandas (10M rows, JSONL; pandas side is slow)', args: ['bench/csv-vs-pandas.ts', '10000000', 'jsonl'] },
  { name: 'tensorboard (5M events)', args: ['bench/tensorboard.ts', '5000000', '3'] },
  { name: 'textlog (1M lines)', args: ['bench/textlog.ts', '1000000', '3'] },
  { name: 'runs operations', args: ['bench/runs.ts'] },
  { name: 'fit vs scipy (Chinchilla, 4,500 starts)', args: ['bench/fit.ts'] },
  { name: 'fit-propose', args: ['bench/fit-propose.ts'] },
  { name: 'mixture (RegMix, trees vs sklearn GBR, CV + proposal)', args: ['bench/mixture.ts', '200'] },
  { name: 'compare vs scipy.stats.bootstrap', args: ['bench/compare.ts'] },
  { name: 'report (200 runs x 10k steps x 3 metrics)', args: ['bench/report.ts'] },
  { name: 'weekly report end to end', args: ['bench/weekly.ts'] },
];

const words = process.argv.slice(2);
const chosen = words.length ? BENCHES.filter((b) => words.some((w) => b.name.includes(w))) : BENCHES;
process.stdout.write(`# ${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, Node ${process.version}\n`);
let failed = 0;
for (const b of chosen) {
  process.stdout.write(`\n## ${b.name}\n`);
  const r = spawnSync('node_modules/.bin/tsx', b.args, { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
