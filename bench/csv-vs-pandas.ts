/**
 * CSV and JSONL loading vs pandas (issue 2): a generated long table (run, step, metric, value) of `ROWS` rows
 * (default 10 million; 20 runs x 5 metrics x 100k steps), loaded by scalelab's load() and by pandas
 * (pd.read_csv, pd.read_json(lines=True)) side by side, each in its own child process so that peak RSS is its own.
 *
 * Run: npx tsx bench/csv-vs-pandas.ts [rows] [csv|jsonl] [--no-pandas]   (files are cached under
 * /tmp/scalelab-bench; pandas' read_json on 10M lines takes minutes and ~10 GB). Wall and CPU time are reported
 * for both: on a shared machine CPU time is the steadier comparison.
 *
 * @example
 * // npx tsx bench/csv-vs-pandas.ts 1000000
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { createRng } from '../src/stats/random.js';

const ROWS = Number(process.argv[2] ?? 10_000_000);
const DIR = '/tmp/scalelab-bench';
const METRICS = ['train/loss', 'val/loss', 'lr', 'grad_norm', 'tokens_per_sec'];
const RUNS = 20;

function generate(kind: 'csv' | 'jsonl'): string {
  const path = `${DIR}/long_${ROWS}.${kind}`;
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  const rng = createRng(7);
  const fd = openSync(path, 'w');
  const steps = Math.ceil(ROWS / (RUNS * METRICS.length));
  let parts: string[] = [kind === 'csv' ? 'run,step,metric,value\n' : ''];
  let size = 0, n = 0;
  for (let r = 0; r < RUNS && n < ROWS; r++) {
    const run = `run_${r}`;
    for (let s = 0; s < steps && n < ROWS; s++) {
      for (const m of METRICS) {
        if (n++ >= ROWS) break;
        const v = (2 + 8 * rng.next()).toFixed(6);
        const line = kind === 'csv' ? `${run},${s * 10},${m},${v}\n` : `{"run": "${run}", "step": ${s * 10}, "metric": "${m}", "value": ${v}}\n`;
        parts.push(line);
        size += line.length;
        if (size > 1 << 20) { writeSync(fd, parts.join('')); parts = []; size = 0; }
      }
    }
  }
  writeSync(fd, parts.join(''));
  closeSync(fd);
  return path;
}

const PANDAS = `
import sys, time, resource, json
import pandas as pd
path, kind = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
c0 = time.process_time()
df = pd.read_csv(path) if kind == 'csv' else pd.read_json(path, lines=True)
sec = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"seconds": sec, "cpuSeconds": cpu, "rows": len(df), "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "pandas": pd.__version__}))
`;

interface Result { seconds: number; cpuSeconds: number; maxRssMB: number }
const rows: string[] = [];
const args = process.argv.slice(3);
const noPandas = args.includes('--no-pandas');
const kindArg = args.find((a): a is 'csv' | 'jsonl' => a === 'csv' || a === 'jsonl');
const KINDS = kindArg ? [kindArg] : (['csv', 'jsonl'] as const);
const rate = (r: Result) => `${(ROWS / r.seconds / 1e6).toFixed(2)} M/s (${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU)`;
for (const kind of KINDS) {
  const file = generate(kind);
  const ours = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/csv-load-child.ts', file, kind], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Result & { points: number };
  if (ours.points !== ROWS) throw new Error(`scalelab loaded ${ours.points} points, expected ${ROWS}`);
  let theirs = '| (not run) | |', cpuRatio = '';
  if (!noPandas) {
    const pd = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PANDAS, file, kind], { encoding: 'utf8' })) as Result & { rows: number; pandas: string };
    if (pd.rows !== ROWS) throw new Error(`pandas read ${pd.rows} rows, expected ${ROWS}`);
    theirs = `| ${rate(pd)} | ${pd.maxRssMB.toFixed(0)} MB |`;
    cpuRatio = ` ${(pd.cpuSeconds / ours.cpuSeconds).toFixed(2)}x CPU, ${(pd.seconds / ours.seconds).toFixed(2)}x wall |`;
    console.error(`pandas ${pd.pandas}`);
  }
  const line = `| ${kind} | ${ROWS.toLocaleString('en-US')} | ${rate(ours)} | ${ours.maxRssMB.toFixed(0)} MB ${theirs}${cpuRatio}`;
  rows.push(line);
  console.error(line);
}
console.log(['| file | rows | scalelab load() | scalelab peak RSS | pandas | pandas peak RSS | pandas time / ours |', '|---|---|---|---|---|---|---|', ...rows].join('\n'));
