/**
 * nanoGPT (`nanogpt`): stdout of karpathy/nanoGPT's train.py, whose print formats are
 *
 *     iter 120: loss 4.1530, time 312.45ms, mfu 31.20%            every log_interval iterations
 *     step 250: train loss 1.9708, val loss 2.0689                 every eval_interval iterations
 *
 * (forks append fields such as `, grad_norm 0.812`). Metric names:
 *
 * | printed                      | metric            | meaning                                              |
 * |------------------------------|-------------------|------------------------------------------------------|
 * | iter line `loss`             | `train/loss`      | loss of that iteration's batch (x grad accumulation) |
 * | iter line `time ..ms`        | `iter_time_ms`    | wall time of the iteration, ms                       |
 * | iter line `mfu ..%`          | `mfu_pct`         | running model FLOPs utilisation, percent             |
 * | iter line `grad_norm`        | `grad_norm`       | (forks) gradient norm                                |
 * | step line `train loss`       | `eval/train_loss` | train-split loss estimated over eval_iters batches   |
 * | step line `val loss`         | `val/loss`        | validation loss estimated over eval_iters batches    |
 *
 * nanoGPT prints `mfu -100.00%` until it has timed 5 iterations (its running-MFU sentinel): that is missing, not a
 * value, so no `mfu_pct` point is recorded for it. Other fields forks add are kept under their snake-cased name
 * (`_ms`/`_pct` appended for those units) when their value is a plain number and ignored otherwise.
 *
 * Config from the preamble: `tokens per iteration will be: 491,520` -> `tokens_per_iter`, `number of parameters:
 * 123.69M` -> `N` (as printed: rounded to 10k parameters), `Overriding: key = value` lines -> `key`. When
 * tokens_per_iter is known, the tokens column is `step * tokens_per_iter` (tokens trained on before that step's
 * update, the state both lines' losses are measured in). There is no wall-clock time column.
 *
 * A line starting with `iter N:` or `step N:` (after an accepted launcher or logging prefix such as `[rank0]: ` or
 * `2024-05-01 12:00:00,123 - INFO - `, see `prefix.ts`) that does not parse, a field key that is not words, a field
 * twice (two lines run together), or a line carrying nanoGPT's fields without starting like a record, is skipped
 * with a warning naming its line; a fork's extra field whose value is not a number is left out with a warning.
 * When several ranks print the same line, one copy is kept.
 *
 * @example
 * const rs = await load('out/train.log', { format: 'nanogpt' });
 * rs.curve('train', 'val/loss');
 */
import type { ConfigValue } from '../../runs/types.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { countLines, detectScore, findRecord, forEachLine, LineWarnings, LogRun, noRecognisedLine, parseGrouped, parseNum, prefixInfo, pythonValue, RankDedupe, snake, FieldSetCheck, cutLineMessage } from './lines.js';

const ITER_ANCHOR = /^iter \d+: loss /;
const EVAL_ANCHOR = /^step \d+: train loss /;
const CANDIDATE = /^(iter|step) ([^:\s]*): /;
const STEP = /^\d+$/;
// words (each starting with a letter) separated by single spaces: `grad_norm`, `tok/step`, `train loss`
const FIELD_KEY = /^[A-Za-z_][\w/.-]*(?: [A-Za-z_][\w/.-]*)*$/;
const KNOWN_KEYS = new Set(['loss', 'time', 'mfu', 'grad_norm', 'train loss', 'val loss']);
const NEAR = /loss \S*\d.*(?:time \S*ms|mfu \S*%|val loss)|(?:train|val) loss [-+.\dnNiI]/;
const EXPECTED_ITER = 'a nanoGPT line such as "iter 120: loss 4.1530, time 312.45ms, mfu 31.20%"';
const EXPECTED_EVAL = 'a nanoGPT line such as "step 250: train loss 1.9708, val loss 2.0689"';
const EXPECTED = 'nanoGPT train.py lines such as "iter 120: loss 4.1530, time 312.45ms, mfu 31.20%"';

/** nanoGPT's running-MFU placeholder before it has measured anything. */
const MFU_SENTINEL = -100;

type Field = [string, number];

/**
 * Parse the `key value, key value` list after `iter N: ` or `step N: `: in each comma-separated part the last word
 * is the value and the words before it the key. `field` turns one key and value into fields in `out`, or returns
 * why the line is not valid. Returns the fields, or why not.
 */
function parseList(rest: string, field: (key: string, raw: string, out: Field[]) => string | undefined): Field[] | string {
  const out: Field[] = [];
  for (const part of rest.split(', ')) {
    const sp = part.lastIndexOf(' ');
    if (sp <= 0) return `'${part}' is not "key value"`;
    const key = part.slice(0, sp).trim();
    if (!KNOWN_KEYS.has(key) && !FIELD_KEY.test(key)) return `'${key}' is not a field name`;
    listKeys.push(key);
    const problem = field(key, part.slice(sp + 1), out);
    if (problem !== undefined) return problem;
  }
  for (let i = 1; i < out.length; i++) {
    for (let j = 0; j < i; j++) if (out[j]![0] === out[i]![0]) return `field '${out[i]![0]}' appears twice (two lines run together?)`;
  }
  return out;
}

/** Fork fields left out because their value is not a number, per line (read by the loader after each parse). */
const leftOut: string[] = [];
/** The keys of the last parsed list, as printed (for the cut-line check: a sentinel `mfu -100%` counts). */
const listKeys: string[] = [];

/** One field of an `iter N:` line (undefined when it is fine; sentinel values are left out). */
function iterField(key: string, raw: string, out: Field[]): string | undefined {
  if (key === 'loss' || key === 'grad_norm') {
    const v = parseNum(raw);
    if (v === undefined) return `${key} '${raw}' is not a number`;
    out.push([key === 'loss' ? 'train/loss' : 'grad_norm', v]);
  } else if (key === 'time') {
    const v = raw.endsWith('ms') ? parseNum(raw.slice(0, -2)) : undefined;
    if (v === undefined) return `time '${raw}' is not a number of ms`;
    out.push(['iter_time_ms', v]);
  } else if (key === 'mfu') {
    const v = raw.endsWith('%') ? parseNum(raw.slice(0, -1)) : undefined;
    if (v === undefined) return `mfu '${raw}' is not a percentage`;
    if (v !== MFU_SENTINEL) out.push(['mfu_pct', v]);
  } else {
    const f = unknownField(key, raw);
    if (f) out.push(f);
    else leftOut.push(`${key} '${raw}'`);
  }
  return undefined;
}

/** One field of a `step N:` (evaluation) line (undefined when it is fine). */
function evalField(key: string, raw: string, out: Field[]): string | undefined {
  if (key === 'train loss' || key === 'val loss') {
    const v = parseNum(raw);
    if (v === undefined) return `${key} '${raw}' is not a number`;
    out.push([key === 'val loss' ? 'val/loss' : 'eval/train_loss', v]);
  } else {
    const f = unknownField(key, raw);
    if (f) out.push(['eval/' + f[0], f[1]]);
    else leftOut.push(`${key} '${raw}'`);
  }
  return undefined;
}

/** The fields of an `iter N:` line, or why it is not valid. */
function parseIter(rest: string): Field[] | string {
  const out = parseList(rest, iterField);
  if (typeof out !== 'string' && !out.some((f) => f[0] === 'train/loss')) return 'no loss';
  return out;
}

/** The fields of a `step N:` line, or why it is not valid. */
function parseEval(rest: string): Field[] | string {
  const out = parseList(rest, evalField);
  if (typeof out !== 'string' && !out.some((f) => f[0] === 'eval/train_loss' || f[0] === 'val/loss')) return 'no train or val loss';
  return out;
}

/** A fork's extra field: kept when it is a plain number (with an optional ms or % unit), else ignored. */
function unknownField(key: string, raw: string): Field | undefined {
  const name = snake(key);
  if (!name) return undefined;
  if (raw.endsWith('ms')) {
    const v = parseNum(raw.slice(0, -2));
    return v === undefined ? undefined : [name + '_ms', v];
  }
  if (raw.endsWith('%')) {
    const v = parseNum(raw.slice(0, -1));
    return v === undefined ? undefined : [name + '_pct', v];
  }
  const v = parseNum(raw);
  return v === undefined ? undefined : [name, v];
}

/** A configurator override value (`Overriding: batch_size = 12`) as a config value; a quoted string unquoted. */
function configValue(raw: string): ConfigValue {
  const v = pythonValue(raw.trim());
  if (typeof v !== 'string') return v;
  const q = /^(['"])(.*)\1$/.exec(v);
  return q ? q[2]! : v;
}

const TOKENS_PER_ITER = /^tokens per iteration will be: ([\d,]+)\s*$/;
const PARAMS = /^number of parameters: (\d+(?:\.\d+)?)M\s*$/;
const OVERRIDE = /^Overriding: ([A-Za-z_][A-Za-z0-9_]*) = (.*)$/;

/** The nanoGPT train.py stdout loader. */
export const nanogptLoader: FormatLoader = {
  name: 'nanogpt',
  description: 'nanoGPT train.py stdout (iter N: loss X, time Yms, mfu Z% / step N: train loss X, val loss Y)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    return detectScore(countLines(probe.headText, (l) => {
      let i = findRecord(l, 'iter ');
      if (i >= 0 && ITER_ANCHOR.test(i === 0 ? l : l.slice(i))) return true;
      i = findRecord(l, 'step ');
      return i >= 0 && EVAL_ANCHOR.test(i === 0 ? l : l.slice(i));
    }));
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    const run = new LogRun(ctx, 'nanogpt');
    let points = 0;
    let tokensPerIter = NaN;
    const dedupe = new RankDedupe(warnings, (m) => m.endsWith('loss'));
    const fieldCheck = new FieldSetCheck();
    const scan = await forEachLine(ctx.path, (line, lineNo) => {
      let c = line.charCodeAt(0);
      let i = c === 105 /* i */ || c === 115 /* s */ ? 0 : -1;
      if (i < 0 && (line.includes('iter ') || line.includes('step '))) {
        i = findRecord(line, 'iter ');
        if (i < 0) i = findRecord(line, 'step ');
      }
      const text = i > 0 ? line.slice(i) : line;
      if (i >= 0) {
        const m = CANDIDATE.exec(text);
        if (m) {
          const isIter = m[1] === 'iter';
          const expected = isIter ? EXPECTED_ITER : EXPECTED_EVAL;
          if (!STEP.test(m[2]!)) {
            warnings.skip(lineNo, `${m[1]} '${m[2]}' is not a whole number`, expected);
            return;
          }
          const rest = text.slice(m[0].length).trimEnd();
          leftOut.length = 0;
          listKeys.length = 0;
          const fields = isIter ? parseIter(rest) : parseEval(rest);
          if (typeof fields === 'string') {
            warnings.skip(lineNo, fields, expected);
            return;
          }
          const step = Number(m[2]);
          const tag = i > 0 ? (prefixInfo(line.slice(0, i))?.tag ?? '') : '';
          if (!dedupe.keep(m[1]!, step, tag, fields, lineNo)) return;
          if (leftOut.length) warnings.damaged(lineNo, `${leftOut.join(', ')} is not a number: left out`);
          const miss = fieldCheck.missing(m[1]!, listKeys, lineNo);
          if (miss) warnings.damaged(miss.line, cutLineMessage(miss.missing));
          const r = run.index();
          const tokens = step * tokensPerIter;
          for (const [metric, value] of fields) b.push(r, step, b.metricId(metric), value, tokens);
          points += fields.length;
          warnings.record(lineNo);
          return;
        }
      }
      c = text.charCodeAt(0);
      if (c === 116 /* t */) {
        const m = TOKENS_PER_ITER.exec(line);
        if (m) {
          const v = parseGrouped(m[1]!);
          if (v !== undefined) {
            tokensPerIter = v;
            run.setConfig('tokens_per_iter', v);
          }
        }
      } else if (c === 110 /* n */) {
        const m = PARAMS.exec(line);
        if (m) run.setConfig('N', Math.round(Number(m[1]) * 1e6));
      } else if (c === 79 /* O */) {
        const m = OVERRIDE.exec(line);
        if (m) run.setConfig(m[1]!, configValue(m[2]!));
        return;
      }
      if (NEAR.test(line)) warnings.skip(lineNo, 'the line carries nanoGPT fields but does not start like a record', EXPECTED);
    });
    warnings.finish(scan);
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings);
  },
};
