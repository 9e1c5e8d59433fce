/**
 * Text-log loaders bench (issue 2): a generated 1M-line log per format, loaded with load() (format detected).
 * Lines follow each framework's print format with varying numbers (seeded), so parsing cost is realistic.
 * Median wall time of `reps` loads after one warm-up; files are cached under /tmp/scalelab-bench.
 *
 * Run: npx tsx bench/textlog.ts [lines] [reps]
 *
 * @example
 * // npx tsx bench/textlog.ts 1000000 3
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { load } from '../src/load/index.js';
import { createRng } from '../src/stats/random.js';

const LINES = Number(process.argv[2] ?? 1_000_000);
const REPS = Number(process.argv[3] ?? 3);
const DIR = '/tmp/scalelab-bench';

const rng = createRng(2);
const f4 = (x: number) => x.toFixed(4);
const GEN: Record<string, (i: number) => string> = {
  llmc: (i) => (i % 250 === 0 ? `s:${i} tel:${f4(3 + 8 / (1 + i / 1000) + 0.01 * rng.normal())}` : `s:${i} trl:${f4(3 + 8 / (1 + i / 1000) + 0.05 * rng.normal())} lr:${(6e-4).toFixed(6)} norm:${(0.5 + rng.next()).toFixed(2)}`),
  nanogpt: (i) => `iter ${i}: loss ${f4(3 + 8 / (1 + i / 1000) + 0.05 * rng.normal())}, time ${(300 + 10 * rng.next()).toFixed(2)}ms, mfu ${i < 5 ? '-100.00' : (30 + rng.next()).toFixed(2)}%`,
  megatron: (i) => ` [2025-03-31 05:54:07] iteration ${String(i + 1).padStart(8)}/ ${LINES} | consumed samples: ${String((i + 1) * 1024).padStart(12)} | elapsed time per iteration (ms): ${(1552 + rng.next()).toFixed(1)} | learning rate: 3.000000E-04 | global batch size:  1024 | lm loss: ${(3 + 8 / (1 + i / 1000)).toExponential(6).toUpperCase()} | loss scale: 1.0 | grad norm: ${(1 + rng.next()).toFixed(3)} | number of skipped iterations:   0 | number of nan iterations:   0 |`,
  torchtitan: (i) => `[rank0]:[titan] 2025-01-01 12:00:00,000 - root - INFO - \x1b[31mstep: ${String(i + 1).padStart(2)}  \x1b[32mloss: ${f4(3 + 8 / (1 + i / 1000))}  \x1b[38;2;255;165;0mgrad_norm: ${f4(1 + rng.next())}  \x1b[38;2;54;234;195mmemory: 10.50GiB(11.07%)  \x1b[34mtps: ${Math.round(1e5 * (1 + rng.next())).toLocaleString('en-US')}  \x1b[36mtflops: 123.45  \x1b[35mmfu: 40.12%\x1b[39m`,
  'modded-nanogpt': (i) => (i % 125 === 0 ? `step:${i}/${LINES} val_loss:${f4(3.28 + 8 / (1 + i / 100))} train_time:${i * 90}ms step_avg:90.00ms` : `step:${i}/${LINES} train_time:${i * 90}ms step_avg:${(90 + rng.next()).toFixed(2)}ms`),
};

function file(name: string): string {
  mkdirSync(DIR, { recursive: true });
  const p = `${DIR}/textlog-${name}-${LINES}.log`;
  if (existsSync(p)) return p;
  const fd = openSync(p, 'w');
  let buf: string[] = [];
  for (let i = 0; i < LINES; i++) {
    buf.push(GEN[name]!(i));
    if (buf.length === 10_000) { writeSync(fd, buf.join('\n') + '\n'); buf = []; }
  }
  if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
  return p;
}

console.log(`text-log bench: ${LINES.toLocaleString('en-US')} lines per file, median of ${REPS} after a warm-up (Node ${process.version})`);
console.log('| format | file MB | points | load s wall (median) | CPU s (median) | lines/s (wall) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const name of Object.keys(GEN)) {
  const p = file(name);
  const mb = statSync(p).size / 2 ** 20;
  let points = 0;
  const times: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r <= REPS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rs = await load(p);
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (r > 0) cpus.push((c.user + c.system) / 1e6);
    if (rs.runs[0]!.format !== name) throw new Error(`${name} detected as ${rs.runs[0]!.format}`);
    points = rs.numPoints;
    if (r > 0) times.push(s);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)]!;
  const cpu = cpus[Math.floor(cpus.length / 2)]!;
  console.log(`| ${name} | ${mb.toFixed(1)} | ${points.toLocaleString('en-US')} | ${med.toFixed(2)} | ${cpu.toFixed(2)} | ${Math.round(LINES / med).toLocaleString('en-US')} |`);
}
