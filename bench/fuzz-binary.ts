/**
 * Fuzz campaign over the binary loaders (issue 9): Parquet, Arrow IPC and TensorBoard files written by the
 * project's own writers (test/load/binary/shapes.ts), mutated (bit flips, byte sets, cuts, inserts, deletes,
 * 32-bit length-like fields, TFRecord lengths with a valid CRC), each loaded with `load(file, { format })`.
 * Counts per format: full loads, loads with fewer points and a warning, SILENT losses (fewer points, no
 * warning), typed errors (LoadError/FormatError), OTHER exceptions, ESCAPED exceptions (uncaught / unhandled
 * rejections in this process), the slowest case, and the process's peak RSS growth.
 *
 * Run: npx tsx bench/fuzz-binary.ts [cases per format] [seed]
 *
 * @example
 * // npx tsx bench/fuzz-binary.ts 2000 1
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScalelabError } from '../src/errors.js';
import { load } from '../src/load/index.js';
import { createRng } from '../src/stats/random.js';
import { mutate, recordStarts, shapes, type Mutation } from '../test/load/binary/shapes.js';

const CASES = Number(process.argv[2] ?? 1000);
const SEED = Number(process.argv[3] ?? 1);
let escaped = 0;
process.on("exit", (code) => { if (!finished) console.error(`exit ${code} before the end, during ${lastCase}`); });
let finished = false;
let lastCase = '';
process.on('uncaughtException', (e) => { escaped++; if (process.env.FZDBG) console.error('uncaught', e); });
process.on('unhandledRejection', () => { escaped++; });

const rng = createRng(SEED);
const int = (n: number) => Math.floor(rng.next() * n);
const BIG = [0, 1, 0x7fffffff, 0xffffffff, 0x10000, 0x40000000, 0x100];

function randomMutation(name: string, n: number): Mutation {
  const k = int(name === 'tensorboard' ? 8 : 7);
  switch (k) {
    case 0: return { kind: 'flip', at: int(n), bit: int(8) };
    case 1: return { kind: 'set', at: int(n), byte: int(256) };
    case 2: return { kind: 'cut', at: int(n) };
    case 3: return { kind: 'insert', at: int(n), byte: int(256) };
    case 4: return { kind: 'delete', at: int(n), count: 1 + int(4) };
    case 5: // the Parquet footer length / Arrow footer length / a field near the end, or anywhere
      return { kind: 'u32', at: rng.next() < 0.5 ? n - 8 - int(64) : int(n), value: BIG[int(BIG.length)]! };
    case 6: return { kind: 'u32', at: int(n), value: int(2 ** 32) };
    default: return { kind: 'tfrecord-length', record: 1 + int(1000), value: rng.next() < 0.5 ? 2 ** 40 : int(2 ** 20) };
  }
}

const dir = mkdtempSync(join(tmpdir(), 'scalelab-fuzz-'));
const rss0 = process.memoryUsage().rss;
let peak = rss0;
console.log(`binary loader fuzz: ${CASES} cases per format, seed ${SEED}`);
console.log('| format | input bytes | cases | full | fewer + warning | cut at a record boundary | SILENT loss | typed error | of which stopped by the worker bounds | OTHER error | ESCAPED | slowest case | peak RSS growth |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const t0 = performance.now();
for (const s of shapes()) {
  const c = { full: 0, warned: 0, boundary: 0, silent: 0, typed: 0, bounded: 0, other: 0 };
  const bounds = s.name === 'tensorboard' ? new Set(recordStarts(s.bytes)) : new Set<number>();
  const esc0 = escaped;
  let slow = 0;
  const samples: string[] = [];
  for (let i = 0; i < CASES; i++) {
    let b = s.bytes;
    const muts = 1 + int(2);
    const applied: Mutation[] = [];
    for (let k = 0; k < muts; k++) { const m = randomMutation(s.name, b.length || 1); applied.push(m); b = mutate(b, m); }
    const f = join(dir, `${i}-${s.file}`);
    writeFileSync(f, b);
    lastCase = `${s.name} case ${i}: ${JSON.stringify(applied)}`;
    const t = performance.now();
    try {
      const rs = await load(f, { format: s.name });
      if (rs.numPoints >= s.points) c.full++;
      else if (rs.warnings.length) c.warned++;
      // A TFRecord file cut exactly at a record boundary is a valid shorter file: nothing can tell.
      else if (bounds.has(b.length) && b.every((x, j) => x === s.bytes[j])) c.boundary++;
      else { c.silent++; if (samples.length < 3) samples.push(`silent: ${rs.numPoints} of ${s.points} points after ${JSON.stringify(applied)}`); }
    } catch (e) {
      if (e instanceof ScalelabError) {
        c.typed++;
        // Caught only by the sandbox's bounds: a decoder that looped, exhausted its heap or crashed.
        if (/did not finish within|more than \d+ MB of memory|decoder (failed|stopped)/.test(e.message)) c.bounded++;
      }
      else { c.other++; if (samples.length < 3) samples.push(`other: ${(e as Error).name}: ${(e as Error).message.slice(0, 120)}`); }
    }
    slow = Math.max(slow, performance.now() - t);
    peak = Math.max(peak, process.memoryUsage().rss);
    rmSync(f);
  }
  console.log(`| ${s.name} | ${s.bytes.length} | ${CASES} | ${c.full} | ${c.warned} | ${s.name === 'tensorboard' ? c.boundary : '-'} | ${c.silent} | ${c.typed} | ${c.bounded} | ${c.other} | ${escaped - esc0} | ${slow.toFixed(0)} ms | ${((peak - rss0) / 1048576).toFixed(0)} MB |`);
  for (const x of samples) console.log(`  ${x}`);
}
rmSync(dir, { recursive: true, force: true });
console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
finished = true;
process.exit(0);
