/**
 * Writers (and the Parquet/Arrow readers) for RunSets: file I/O at the edges, separate from the pure operations.
 * Every writer is atomic (./atomic.ts): it writes `<path>.scalelab-tmp-<pid>-<n>` and renames it over `path`, so
 * a reader never sees a half-written file and a failed write leaves the old file intact; temporary files that a
 * killed process left in the folder are removed by the next write there.
 *
 * Text encodings of non-finite values (chosen so the tabular loaders read them back, see src/load/tabular):
 *  - CSV: header `run,metric,step,value,tokens,flops,time,flag`; value NaN is `nan`, +-Infinity `inf` / `-inf`;
 *    a missing tokens/flops/time (NaN) is an empty field; strings are quoted (RFC 4180) only when they contain a
 *    comma, quote, CR or LF; numbers use JavaScript's shortest round-trip form, so they read back bit-exact.
 *  - JSONL: one object per point `{"run","metric","step","value",["tokens","flops","time",]"flag"}`; a non-finite
 *    value is the bare token `NaN`, `Infinity` or `-Infinity`, as Python's `json.dumps` writes it (strict JSON has
 *    no such numbers, but Python's `json.loads`, pandas and our JSONL loader read them; quoted strings would read
 *    back as strings); missing tokens/flops/time are omitted.
 * The loaders take the long form back exactly: values bit-exact, and the `flag` column (2 = a skipped
 * iteration) honoured. Run metadata (variant, seed, config) is not in these files: use a
 * naming rule when loading, or Parquet, which carries it.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic.js';
import { fromArrowIPC, toArrowIPC, type FromTableOptions } from './interop.js';
import { fromParquet, toParquet } from './parquet.js';
import type { RunSet } from './runset.js';

/** Write `chunks` to `path` atomically (tmp file + rename), cleaning up after killed writers first. */
function writeAtomic(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  return writeFileAtomic(path, chunks);
}

/** Rows as text lines, yielded in chunks of about 1 MB. */
function* chunked(n: number, line: (i: number) => string): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (let i = 0; i < n; i++) {
    const l = line(i);
    buf.push(l);
    size += l.length;
    if (size > 1 << 20) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

/**
 * A number as CSV text: `nan`, `inf`, `-inf` for non-finite values, shortest round-trip form otherwise.
 *
 * @example
 * csvNumber(NaN); // 'nan'
 */
export function csvNumber(v: number): string {
  return v === v ? (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) : 'nan';
}

/**
 * A string as a CSV field (quoted only when needed).
 *
 * @example
 * csvField('a,b'); // '"a,b"'
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * Write the metrics of `rs` as long-form CSV (see the module comment for the encoding).
 *
 * @example
 * await writeCsv(rs, 'out/metrics.csv');
 */
export async function writeCsv(rs: RunSet, path: string): Promise<void> {
  const t = rs.metrics;
  const run = t.array('run') as string[], metric = t.array('metric') as string[];
  const step = t.array('step') as Float64Array, value = t.array('value') as Float64Array;
  const tokens = t.array('tokens') as Float64Array, flops = t.array('flops') as Float64Array, time = t.array('time') as Float64Array;
  const flag = t.array('flag') as Uint8Array;
  const opt = (v: number) => (v === v ? csvNumber(v) : '');
  const runQ = run.map(csvField), metricQ = new Map<string, string>();
  const mq = (m: string) => { let q = metricQ.get(m); if (q === undefined) metricQ.set(m, (q = csvField(m))); return q; };
  const header = 'run,metric,step,value,tokens,flops,time,flag\n';
  await writeAtomic(path, [header, ...chunked(t.numRows(), (i) =>
    `${runQ[i]},${mq(metric[i]!)},${csvNumber(step[i]!)},${csvNumber(value[i]!)},${opt(tokens[i]!)},${opt(flops[i]!)},${opt(time[i]!)},${flag[i]}\n`)]);
}

/**
 * A number as JSONL text: the bare tokens NaN, Infinity, -Infinity for non-finite values (Python's json style).
 *
 * @example
 * jsonNumber(Infinity); // 'Infinity'
 */
export function jsonNumber(v: number): string {
  return String(v);
}

/**
 * Write the metrics of `rs` as JSON Lines (see the module comment for the encoding).
 *
 * @example
 * await writeJsonl(rs, 'out/metrics.jsonl');
 */
export async function writeJsonl(rs: RunSet, path: string): Promise<void> {
  const t = rs.metrics;
  const run = t.array('run') as string[], metric = t.array('metric') as string[];
  const step = t.array('step') as Float64Array, value = t.array('value') as Float64Array;
  const tokens = t.array('tokens') as Float64Array, flops = t.array('flops') as Float64Array, time = t.array('time') as Float64Array;
  const flag = t.array('flag') as Uint8Array;
  const runJ = run.map((r) => JSON.stringify(r)), metricJ = new Map<string, string>();
  const mj = (m: string) => { let q = metricJ.get(m); if (q === undefined) metricJ.set(m, (q = JSON.stringify(m))); return q; };
  const opt = (k: string, v: number) => (v === v ? `,"${k}":${jsonNumber(v)}` : '');
  await writeAtomic(path, chunked(t.numRows(), (i) =>
    `{"run":${runJ[i]},"metric":${mj(metric[i]!)},"step":${jsonNumber(step[i]!)},"value":${jsonNumber(value[i]!)}${opt('tokens', tokens[i]!)}${opt('flops', flops[i]!)}${opt('time', time[i]!)},"flag":${flag[i]}}\n`));
}

/**
 * Write the metrics of `rs` as Parquet, run metadata included (see parquet.ts).
 *
 * @example
 * await writeParquet(rs, 'out/metrics.parquet');
 */
export async function writeParquet(rs: RunSet, path: string): Promise<void> {
  await writeAtomic(path, [new Uint8Array(toParquet(rs))]);
}

/**
 * Read a long-form Parquet file (as written by {@link writeParquet}, or any file with run, metric, step, value).
 *
 * @example
 * const rs = await readParquet('out/metrics.parquet');
 */
export async function readParquet(path: string, options: FromTableOptions = {}): Promise<RunSet> {
  const buf = await readFile(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return fromParquet(ab, { source: path, ...options });
}

/**
 * Write the metrics of `rs` as an Arrow IPC file (run metadata is not included: keep `rs.runs`, e.g. with
 * `runsToJson`, and pass it to {@link readArrow}).
 *
 * @example
 * await writeArrow(rs, 'out/metrics.arrow');
 */
export async function writeArrow(rs: RunSet, path: string): Promise<void> {
  await writeAtomic(path, [toArrowIPC(rs)]);
}

/**
 * Read a long-form Arrow IPC file.
 *
 * @example
 * const rs = await readArrow('out/metrics.arrow', { runs });
 */
export async function readArrow(path: string, options: FromTableOptions = {}): Promise<RunSet> {
  const buf = await readFile(path);
  return fromArrowIPC(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), { source: path, ...options });
}
