/**
 * Peak memory of loading one large TensorBoard event file (issue 9): streamed in 16 MiB chunks (what load() does
 * now) versus read whole and then decoded (what it did before for files up to 1 GiB: `readFileSync` + decode).
 * Each mode runs in a fresh child process; peak RSS is the child's `maxRSS`. The file (synthetic PyTorch-style
 * `simple_value` events over 4 tags, written in batches so the generator stays small) is cached under
 * /tmp/scalelab-bench.
 *
 * Run: npx tsx bench/tensorboard-memory.ts [events]   (default 9,500,000 events, about 500 MB)
 *
 * @example
 * // npx tsx bench/tensorboard-memory.ts 9500000
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { load } from '../src/load/index.js';
import { EventDecoder } from '../src/load/tensorboard/index.js';
import { RunSetBuilder } from '../src/runs/builder.js';
import { EventWriter } from '../test/load/tensorboard/writer.js';

const TAGS = ['train/loss', 'train/lr', 'train/grad_norm', 'train/tokens_per_sec'];

function makeFile(file: string, n: number): void {
  if (existsSync(file)) return;
  mkdirSync(file.slice(0, file.lastIndexOf('/')), { recursive: true });
  writeFileSync(file, new EventWriter(1.7e9).bytes());
  const batch = 1_000_000;
  for (let i = 0; i < n; i += batch) {
    const w = new EventWriter(1.7e9, false);
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const step = Math.floor(j / TAGS.length);
      w.addScalar(TAGS[j % TAGS.length]!, step, 2 + 8 / (1 + step / 1000), 1.7e9 + step * 0.3);
    }
    appendFileSync(file, w.bytes());
  }
}

if (process.argv[2] === 'child') {
  const [, , , mode, file] = process.argv as [string, string, string, string, string];
  const t = performance.now();
  let points = 0;
  if (mode === 'stream') {
    const rs = await load(file, { format: 'tensorboard' });
    points = rs.numPoints;
  } else {
    const b = new RunSetBuilder();
    const dec = new EventDecoder(b, () => b.addRun({ id: 'r', source: file }));
    dec.decode(readFileSync(file), file);
    points = b.build().numPoints;
  }
  const s = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ mode, points, seconds: s, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const N = Number(process.argv[2] ?? 9_500_000);
const FILE = `/tmp/scalelab-bench/tb-mem-${N}/events.out.tfevents.1700000000.benchhost`;
makeFile(FILE, N);
const size = statSync(FILE).size;
console.log(`TensorBoard memory bench: ${N.toLocaleString('en-US')} events, ${(size / 1048576).toFixed(0)} MiB`);
console.log('| mode | points | wall | peak RSS | peak RSS / file size |');
console.log('|---|---|---|---|---|');
for (const mode of ['whole', 'stream']) {
  const out = JSON.parse(execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, 'child', mode, FILE], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop()!);
  console.log(`| ${mode === 'whole' ? 'read whole, then decode (before)' : 'load(), streamed in 16 MiB chunks (now)'} | ${out.points.toLocaleString('en-US')} | ${out.seconds.toFixed(2)} s | ${out.maxRssMb.toFixed(0)} MiB | ${(out.maxRssMb * 1048576 / size).toFixed(2)}x |`);
}
