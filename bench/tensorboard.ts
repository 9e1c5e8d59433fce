/**
 * TensorBoard loader bench (issue 2): a synthetic PyTorch-style event file (simple_value records written by
 * test/load/tensorboard/writer.ts, as SummaryWriter.add_scalar writes them) of N scalar events over 4 tags, then
 *  - load():   read + detect + decode + RunSet build (what a user waits for),
 *  - decode:   read + CRC + protobuf decode + builder.push, without build,
 *  - crc32c:   throughput of the slicing-by-8 CRC over the whole file.
 * Median of `reps` runs after one warm-up. The file is cached under /tmp/scalelab-bench.
 *
 * Run: npx tsx bench/tensorboard.ts [events] [reps]
 *
 * @example
 * // npx tsx bench/tensorboard.ts 5000000 3
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { load } from '../src/load/index.js';
import { crc32c, EventDecoder } from '../src/load/tensorboard/index.js';
import { RunSetBuilder } from '../src/runs/builder.js';
import { createRng } from '../src/stats/random.js';
import { EventWriter } from '../test/load/tensorboard/writer.js';

const N = Number(process.argv[2] ?? 5_000_000);
const REPS = Number(process.argv[3] ?? 3);
const DIR = `/tmp/scalelab-bench/tb-${N}`;
const FILE = `${DIR}/events.out.tfevents.1700000000.benchhost.1.0`;

function makeFile(): void {
  if (existsSync(FILE)) return;
  mkdirSync(DIR, { recursive: true });
  const rng = createRng(7);
  const w = new EventWriter(1700000000);
  const t0 = 1700000000;
  let step = 0;
  for (let i = 0; i < N; step++) {
    const t = t0 + step * 0.35;
    w.addScalar('train/loss', step, 2.5 + 8 / (1 + step / 1000) + 0.05 * rng.normal(), t);
    w.addScalar('train/lr', step, 6e-4 * Math.min(1, step / 2000), t);
    w.addScalar('train/grad_norm', step, 0.5 + rng.next(), t);
    i += 3;
    if (i < N) {
      w.addScalar(step % 100 === 0 ? 'val/loss' : 'train/tokens_per_sec', step, 1e5 * (1 + 0.1 * rng.next()), t);
      i++;
    }
  }
  writeFileSync(FILE, w.bytes());
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time and median process CPU time (user + system: less sensitive to other processes on the box). */
async function time(f: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  await f(); // warm-up
  const ws: number[] = [];
  const cs: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await f();
    const d = process.cpuUsage(c);
    ws.push((performance.now() - t) / 1000);
    cs.push((d.user + d.system) / 1e6);
  }
  return { wall: median(ws), cpu: median(cs) };
}

makeFile();
const bytes = statSync(FILE).size;
let points = 0;
const tLoad = await time(async () => {
  const rs = await load(FILE);
  points = rs.numPoints;
  if (rs.warnings.length) throw new Error(`unexpected warnings: ${rs.warnings[0]!.message}`);
});
const tDecode = await time(() => {
  const b = new RunSetBuilder();
  const dec = new EventDecoder(b, () => b.addRun({ id: 'r', source: FILE }));
  const s = dec.decode(readFileSync(FILE), FILE);
  if (s.points !== N) throw new Error(`decoded ${s.points} of ${N}`);
});
const buf = readFileSync(FILE);
const tCrc = await time(() => crc32c(buf));

const row = (label: string, t: { wall: number; cpu: number }, events = true) =>
  `| ${label} | ${t.wall.toFixed(3)} s | ${t.cpu.toFixed(3)} s | ${events ? (N / t.wall / 1e6).toFixed(2) + ' M' : ''} | ${events ? (N / t.cpu / 1e6).toFixed(2) + ' M' : ''} | ${(bytes / t.wall / 1e6).toFixed(0)} |`;
console.log(`TensorBoard loader bench: ${N.toLocaleString('en-US')} simple_value events (${(bytes / 1e6).toFixed(1)} MB), median of ${REPS}`);
console.log('| stage | wall | CPU | events/s (wall) | events/s (CPU) | MB/s (wall) |');
console.log('|---|---|---|---|---|---|');
console.log(row(`load() (read + detect + decode + build RunSet; ${points.toLocaleString('en-US')} points)`, tLoad));
console.log(row('read + CRC + decode + builder.push (no build)', tDecode));
console.log(row('crc32c over the whole file', tCrc, false));
