/**
 * Wide CSV load time (issue 9: the per-row checks must not slow the wide path): a generated table of ROWS rows,
 * step + 4 metric columns, loaded 3 times; CPU and wall time of each load.
 *
 * Run: npx tsx bench/wide-csv.ts [rows=1000000]
 *
 * @example
 * // npx tsx bench/wide-csv.ts 200000
 */
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { load } from '../src/load/load.js';
import { createRng } from '../src/stats/random.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const path = `/tmp/scalelab-bench/wide_gen_${ROWS}.csv`;
if (!existsSync(path)) {
  mkdirSync('/tmp/scalelab-bench', { recursive: true });
  const rng = createRng(1);
  const fd = openSync(path, 'w');
  let buf = 'step,train/loss,val/loss,lr,grad_norm\n';
  for (let i = 0; i < ROWS; i++) {
    buf += `${i * 10},${(2 + 8 * rng.next()).toFixed(6)},${(2 + 8 * rng.next()).toFixed(6)},${(1e-3 * rng.next()).toExponential(6)},${(3 * rng.next()).toFixed(4)}\n`;
    if (buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; }
  }
  writeSync(fd, buf);
  closeSync(fd);
}
for (let k = 0; k < 3; k++) {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const rs = await load(path);
  const c = process.cpuUsage(c0);
  console.log(`${ROWS} rows, ${rs.numPoints} points: ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${((performance.now() - w0) / 1000).toFixed(2)} s wall`);
}
