/**
 * `scalelab load --json` on many runs (issue 9): the CLI's summary must be linear in the number of runs. Writes a
 * long CSV of RUNS runs (one metric, 3 points each), then times load() alone and the whole CLI (`load --json`,
 * stdout to /dev/null) in child processes.
 *
 * Run: npx tsx bench/load-summary.ts [runs=100000]
 *
 * @example
 * // npx tsx bench/load-summary.ts 20000
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const RUNS = Number(process.argv[2] ?? 100_000);
const DIR = '/tmp/scalelab-bench';
const path = join(DIR, `many_runs_${RUNS}.csv`);
if (!existsSync(path)) {
  mkdirSync(DIR, { recursive: true });
  const fd = openSync(path, 'w');
  writeSync(fd, 'run,step,metric,value\n');
  let buf = '';
  for (let r = 0; r < RUNS; r++) {
    for (let s = 0; s < 3; s++) buf += `run_${r},${s * 10},loss,${(3 - s * 0.25 + (r % 7) / 100).toFixed(4)}\n`;
    if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
}
const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const time = (args: string[]): number => {
  const t0 = process.hrtime.bigint();
  execFileSync(TSX, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  return Number(process.hrtime.bigint() - t0) / 1e9;
};
const loadOnly = time(['-e', `import('${process.cwd()}/src/load/load.ts').then(async (m) => { const rs = await m.load('${path}'); if (rs.runs.length !== ${RUNS}) throw new Error('runs'); })`]);
const cliJson = time(['src/cli/main.ts', 'load', path, '--json']);
const cliText = time(['src/cli/main.ts', 'load', path]);
console.log(`${RUNS} runs: load() ${loadOnly.toFixed(1)} s, CLI --json ${cliJson.toFixed(1)} s, CLI text ${cliText.toFixed(1)} s (wall, each in a child process with tsx start-up)`);
