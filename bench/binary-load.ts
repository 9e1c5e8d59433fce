/**
 * What decoding Parquet and Arrow in the sandbox worker costs (issue 9): `load()` of a small and a large
 * long-form file, first call in a process (worker start-up included) and warm (worker reused), against decoding
 * the same bytes in-process without bounds (`fromParquet` / `fromArrowIPC`). Each row: median of `reps` after the
 * first call. Run from TypeScript sources (tsx) the worker also compiles its modules at start-up; the built
 * package (dist/) starts faster: run `npm run build` first and pass `--dist` to measure that.
 *
 * Run: npx tsx bench/binary-load.ts [reps] [--dist]
 *
 * @example
 * // npx tsx bench/binary-load.ts 5
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sweep } from '../test/load/binary/shapes.js';

const REPS = Number(process.argv[2] ?? 5);
const dist = process.argv.includes('--dist');
const lib = (dist ? await import(pathToFileURL(join(process.cwd(), 'dist/index.js')).href) : await import('../src/index.js')) as typeof import('../src/index.js');
const dir = mkdtempSync(join(tmpdir(), 'scalelab-binload-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`binary load cost (${dist ? 'dist/, node' : 'TypeScript sources, tsx'}), median of ${REPS} warm calls`);
console.log('| file | rows | bytes | load(): first call | load(): warm | in-process decode, no bounds |');
console.log('|---|---|---|---|---|---|');
for (const [runs, steps] of [[2, 50], [8, 62_500]] as const) {
  const rs = sweep(runs, steps);
  for (const kind of ['parquet', 'arrow'] as const) {
    const f = join(dir, `${runs}x${steps}.${kind}`);
    if (kind === 'parquet') await lib.writeParquet(rs, f); else await lib.writeArrow(rs, f);
    const size = readFileSync(f).length;
    const t0 = performance.now();
    const first = await lib.load(f, { format: kind });
    const tFirst = performance.now() - t0;
    if (first.numPoints !== rs.numPoints) throw new Error('lost points');
    const warm: number[] = [];
    const inproc: number[] = [];
    for (let r = 0; r < REPS; r++) {
      let t = performance.now();
      await lib.load(f, { format: kind });
      warm.push(performance.now() - t);
      t = performance.now();
      if (kind === 'parquet') await lib.readParquet(f); else await lib.readArrow(f);
      inproc.push(performance.now() - t);
    }
    console.log(`| ${kind} | ${rs.numPoints.toLocaleString('en-US')} | ${size.toLocaleString('en-US')} | ${tFirst.toFixed(0)} ms | ${median(warm).toFixed(1)} ms | ${median(inproc).toFixed(1)} ms |`);
  }
}
writeFileSync(join(dir, 'done'), '');
process.exit(0);
