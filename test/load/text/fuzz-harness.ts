/**
 * Fuzzing harness of the text loaders (issue 9), shared by the CI property test (test/load/text/fuzz.test.ts) and
 * the longer campaign (bench/fuzz-text.ts): real-shaped logs, mutations of one line or of the file's end, and the
 * point accounting that decides whether a mutation lost points silently.
 *
 * Mutations (each can be found in real files): a byte replaced by a non-digit character (including a newline, ESC,
 * `\r`, a tab, a multi-byte character), two lines run together, a launcher prefix added, a garbage line inserted,
 * a line duplicated, a line cut short (at least half of its record kept, after the prefix), the file cut at any
 * byte. Left out on purpose, because no reader can see them: a digit changed into another digit, a whole line
 * deleted, a line cut to less than half of its record (nearly a deletion).
 *
 * Accounting: the points of a load are its kept plus superseded points (a restart or duplicate moves points to
 * `superseded`, visibly, never away). A mutation of line i loses points silently when the mutated file accounts for
 * fewer points than the original and no warning names a line next to i; cutting the file loses points silently when
 * fewer points than the complete lines before the cut remain, or when the cut line held points and no warning
 * names it. Any exception other than a ScalelabError is a crash.
 *
 * @example
 * const base = await prepareBase('llmc');
 * const outcome = await assess(base, { kind: 'flip', line: 3, at: 5, ch: 'x' });
 */
import fc from 'fast-check';
import { ScalelabError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';
import type { RunSet } from '../../../src/runs/runset.js';
import { writeTemp } from './helpers.js';

const f4 = (x: number) => x.toFixed(4);

/** Real-shaped logs per loader: preamble chatter, records with launcher prefixes, evaluation lines. */
export const BASES: Record<string, { format: string; text: string }> = {
  llmc: {
    format: 'llmc',
    text: ['s:0 tel:11.0095', ...Array.from({ length: 14 }, (_, i) => `s:${i} trl:${f4(11 - i * 0.3)} lr:${(0.000001 * (i + 1)).toFixed(6)} norm:${(15 - i * 0.5).toFixed(2)}`), 's:14 tel:6.1565', 's:14 eval:0.2437', 's:14 trl:6.1166 lr:0.000215 norm:0.74'].join('\n') + '\n',
  },
  'llmc-stdout': {
    format: 'llmc',
    text: [
      'num_parameters: 124475904 => bytes: 248951808', 'allocated 237 MiB for model parameters', 'batch_size B=16 * seq_len T=1024 * num_processes=8 and total_batch_size=131072', 'val loss 11.008742',
      ...Array.from({ length: 14 }, (_, i) => `step ${String(i + 1).padStart(4)}/19560 | loss ${(11 - i * 0.3).toFixed(6)} (${i < 3 ? '+nan' : (i % 2 ? '+' : '-') + '0.5' + i}z)| norm ${(15 - i * 0.5).toFixed(4)} (+nanz)| lr ${(8.57e-7 * (i + 1)).toExponential(2)} | ${(300 + i * 1.5).toFixed(2)} ms | ${(29 + i / 10).toFixed(1)}% bf16 MFU | ${113446 + i} tok/s`),
      'val loss 6.1565', 'HellaSwag: 2453/10042 = 0.244274', 'generating:', '---', 'the quick brown fox', '---',
    ].join('\n') + '\n',
  },
  nanogpt: {
    format: 'nanogpt',
    text: [
      'Overriding: batch_size = 12', 'tokens per iteration will be: 491,520', 'number of parameters: 123.69M', 'step 0: train loss 10.9874, val loss 10.9891',
      ...Array.from({ length: 14 }, (_, i) => `iter ${i}: loss ${f4(10.99 - i * 0.3)}, time ${(3101.37 + i).toFixed(2)}ms, mfu ${i < 5 ? '-100.00' : (11.5 + i / 10).toFixed(2)}%`),
      'step 14: train loss 6.1, val loss 6.2', 'saving checkpoint to out',
    ].join('\n') + '\n',
  },
  megatron: {
    format: 'megatron',
    text: [
      '------------------------ arguments ------------------------', '  seq_length ...................................... 4096', '  num_layers ...................................... 24', '-------------------- end of arguments ---------------------',
      ...Array.from({ length: 14 }, (_, i) => `[lrdn3321:3]: [2025-03-31 05:54:${String(10 + i).padStart(2, '0')}] iteration ${String((i + 1) * 10).padStart(8)}/  242204 | consumed samples: ${String((i + 1) * 10080).padStart(12)} | elapsed time per iteration (ms): ${(1552.8 + i).toFixed(1)} | learning rate: 8.000000E-06 | global batch size:  1008 | lm loss: ${(6.258318 - i * 0.1).toExponential(6).toUpperCase().replace(/E([+-])(\d)$/, 'E$10$2')} | loss scale: 1.0 | grad norm: ${(1.52 + i / 100).toFixed(3)} | number of skipped iterations:   0 | number of nan iterations:   0 |`),
      ' validation loss at iteration 140 | lm loss value: 5.119438E+00 | lm loss PPL: 1.672218E+02 | ', 'saving checkpoint at iteration     140 to /ckpt',
    ].join('\n') + '\n',
  },
  torchtitan: {
    format: 'torchtitan',
    text: [
      '[rank0]:[titan] 2025-01-01 12:00:01,000 - root - INFO - Trainer is initialized with local batch size 1, global batch size 8, gradient accumulation steps 1, sequence length 8192, total steps 1000 (warmup 200)',
      '[rank0]:[titan] 2025-01-01 12:00:02,000 - root - INFO - Model llama3 debugmodel size: 8,030,261,248 total parameters',
      ...Array.from({ length: 14 }, (_, i) => `[rank0]:[titan] 2025-01-01 12:00:${String(10 + i).padStart(2, '0')},000 - root - INFO - \x1b[31mstep: ${String(i + 1).padStart(2)}  \x1b[32mloss: ${f4(12.2345 - i * 0.4)}  \x1b[38;2;180;60;0mgrad_norm: ${f4(3.1416 - i * 0.1)}  \x1b[38;2;54;234;195mmemory: 10.50GiB(11.07%)  \x1b[34mtps: ${(1234 + i * 7).toLocaleString('en-US')}  \x1b[36mtflops: 12.30  \x1b[35mmfu: 4.50%\x1b[39m`),
      '[rank0]:[titan] 2025-01-01 12:00:30,000 - root - INFO - validate step: 7  loss:  8.4321  memory: 10.50GiB(11.07%)  tps: 9,870',
      '[rank0]:[titan] 2025-01-01 12:01:00,000 - root - INFO - validate step: 14  loss:  5.4321  memory: 10.50GiB(11.07%)  tps: 9,876',
    ].join('\n') + '\n',
  },
  'modded-nanogpt': {
    format: 'modded-nanogpt',
    text: [
      '        print0(f"step:{step}/{train_steps} val_loss:{val_loss:.4f} train_time:{training_time_ms:.0f}ms step_avg:{training_time_ms/max(step, 1):.2f}ms", console=True)',
      '='.repeat(100), 'Running Python 3.10.12', 'step:0/14 val_loss:10.8258 train_time:0ms step_avg:0.03ms',
      ...Array.from({ length: 14 }, (_, i) => `step:${i + 1}/14 train_time:${(i + 1) * 159}ms step_avg:${(158.58 + i / 100).toFixed(2)}ms`),
      'step:14/14 val_loss:8.5 train_time:2300ms step_avg:164.29ms', 'peak memory allocated: 31255 MiB reserved: 46334 MiB',
    ].join('\n') + '\n',
  },
};

/** One mutation (see the module comment). Line numbers are 0-based indexes into the base's lines. */
export type Mutation =
  | { kind: 'flip'; line: number; at: number; ch: string }
  | { kind: 'merge'; line: number }
  | { kind: 'prefix'; line: number; prefix: string }
  | { kind: 'insert'; line: number; text: string }
  | { kind: 'duplicate'; line: number }
  | { kind: 'cutLine'; line: number; at: number }
  | { kind: 'truncate'; at: number };

const FLIP_CHARS = [' ', ':', '|', '.', 'x', '-', 'e', '%', ',', '/', '\n', '\x1b', '\r', '\t', '[', ']', '(', 'é', '漢', '\0', 'n', 'a', 'N'];
const PREFIXES = ['192.168.205.202:  ', '[rank1]:', '[default0]: ', '0: ', '2024-05-01 12:00:00,123 - INFO - ', '[2024-05-01 12:00:00] ', 'INFO:root:', 'junk ', '#', ' '];
const GARBAGE = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('s:', 'step ', 'iteration ', 'step:', 'iter 3: ', 'step 3: ', 'validation loss at ', '[titan] ', 'val loss', 'HellaSwag:', '|||||', 'loss: nan', 'Traceback (most recent call last):', '\x1b[2J\x1b[H'),
);

const RECORD_KEYWORDS = ['validate step:', 'step:', 'iteration ', 'validation loss', 'iter ', 'val loss', 'HellaSwag'];

/** The fast-check arbitrary of one mutation (positions are reduced modulo the base's size when applied). */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), line: fc.nat(), at: fc.nat(), ch: fc.constantFrom(...FLIP_CHARS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('prefix' as const), line: fc.nat(), prefix: fc.constantFrom(...PREFIXES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), line: fc.nat(), text: GARBAGE }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cutLine' as const), line: fc.nat(), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

/** A base prepared for assessment: its lines and the points of each prefix of complete lines. */
export interface PreparedBase {
  name: string;
  format: string;
  lines: string[];
  /** points accounted after loading lines 0..k-1 (cumulative[0] = 0). */
  cumulative: number[];
  total: number;
}

/** Points a RunSet accounts for: kept plus superseded. */
export function accounted(rs: RunSet): number {
  return rs.numPoints + rs.superseded.numRows();
}

async function pointsOf(text: string, format: string): Promise<number> {
  try {
    return accounted(await load(writeTemp(text), { format }));
  } catch (e) {
    if (e instanceof ScalelabError) return 0;
    throw e;
  }
}

/** Load the base and every prefix of its lines once, for the accounting. */
export async function prepareBase(name: string): Promise<PreparedBase> {
  const { format, text } = BASES[name]!;
  const lines = text.slice(0, -1).split('\n');
  const cumulative = [0];
  for (let k = 1; k <= lines.length; k++) cumulative.push(await pointsOf(lines.slice(0, k).join('\n') + '\n', format));
  return { name, format, lines, cumulative, total: cumulative[lines.length]! };
}

/** The mutated text, and the 1-based lines of the mutated file a warning must name (empty: none required). */
export function applyMutation(base: PreparedBase, m: Mutation): { text: string; near: number[]; cutLine?: number; cutPartial?: boolean } {
  const lines = [...base.lines];
  const L = lines.length;
  if (m.kind === 'truncate') {
    const full = lines.join('\n') + '\n';
    const at = m.at % full.length;
    const text = full.slice(0, at);
    const cutLine = text.split('\n').length; // 1-based line the cut falls in
    return { text, near: [cutLine], cutLine, cutPartial: at > 0 && full[at - 1] !== '\n' };
  }
  const i = m.line % L;
  const near = [i, i + 1, i + 2];
  switch (m.kind) {
    case 'flip': {
      const l = lines[i]!;
      if (l.length === 0) break;
      const at = m.at % l.length;
      if (/\d/.test(m.ch) || l[at] === m.ch) break;
      lines[i] = l.slice(0, at) + m.ch + l.slice(at + 1);
      break;
    }
    case 'merge':
      if (i + 1 < L) lines.splice(i, 2, lines[i]! + lines[i + 1]!);
      break;
    case 'prefix':
      lines[i] = m.prefix + lines[i]!;
      break;
    case 'insert':
      lines.splice(i, 0, m.text.replace(/\n/g, ' '));
      near.push(i + 3);
      break;
    case 'duplicate':
      lines.splice(i, 0, lines[i]!);
      break;
    case 'cutLine': {
      const l = lines[i]!;
      // keep at least half of the record after its launcher/logger prefix (less is nearly a deletion)
      const start = Math.max(0, ...RECORD_KEYWORDS.map((k) => l.indexOf(k)));
      const keep = start + Math.ceil((l.length - start) / 2);
      if (l.length - keep <= 0) break;
      lines[i] = l.slice(0, keep + (m.at % (l.length - keep)));
      break;
    }
  }
  return { text: lines.join('\n') + '\n', near };
}

/** What one mutated load did. */
export type Outcome = 'loaded' | 'typed-error' | 'crash' | 'silent-loss';

/**
 * Load a mutated base (format forced or detected) and classify the result; `detail` says why for a failure.
 */
export async function assess(base: PreparedBase, m: Mutation, forced = true): Promise<{ outcome: Outcome; detail: string; ms: number }> {
  const { text, near, cutLine, cutPartial } = applyMutation(base, m);
  const t0 = performance.now();
  let rs: RunSet;
  try {
    rs = await load(writeTemp(text), forced ? { format: base.format } : {});
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof ScalelabError) return { outcome: 'typed-error', detail: e.message.slice(0, 200), ms };
    return { outcome: 'crash', detail: String((e as Error)?.stack ?? e).slice(0, 400), ms };
  }
  const ms = performance.now() - t0;
  const got = accounted(rs);
  const warned = (lines: number[]) => rs.warnings.some((w) => w.line !== undefined && lines.includes(w.line));
  if (m.kind === 'truncate') {
    const before = base.cumulative[cutLine! - 1]!;
    const withCut = base.cumulative[Math.min(cutLine!, base.lines.length)]!;
    if (got < before) return { outcome: 'silent-loss', detail: `${got} points < ${before} of the complete lines before the cut`, ms };
    // a file cut inside its first line leaves one line without a newline: nothing shows it was cut
    if (cutPartial && cutLine! > 1 && withCut > before && !warned([cutLine!])) return { outcome: 'silent-loss', detail: `cut inside record line ${cutLine} without a warning naming it`, ms };
    return { outcome: 'loaded', detail: '', ms };
  }
  if (got < base.total && !warned(near)) {
    return { outcome: 'silent-loss', detail: `${got} of ${base.total} points, no warning on lines ${near.join(',')}: ${JSON.stringify(text.split('\n')[near[1]! - 1]?.slice(0, 160))}`, ms };
  }
  return { outcome: 'loaded', detail: '', ms };
}
