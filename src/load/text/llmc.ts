/**
 * llm.c (`llmc`): both things llm.c writes.
 *
 * 1. The `main.log` that llm.c's logger writes, one record per line:
 *
 *        s:0 tel:11.0095                               validation loss
 *        s:0 trl:11.0116 lr:0.000001 norm:14.96        training step
 *        s:250 eval:0.2437                             HellaSwag accuracy
 *
 * 2. Its stdout (train_gpt2.cu / train_gpt2.c), in the current and the older print formats:
 *
 *        step    1/19560 | loss 11.010252 (+nanz)| norm 15.1374 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s
 *        step    1/19560: train loss 11.010252 norm 15.1374 lr 8.57e-07 (4621.47 ms, 113446 tok/s)
 *        step 1: train loss 5.356086 (took 1452.121 ms)
 *        val loss 11.008742
 *        HellaSwag: 2453/10042 = 0.244274
 *
 * Metric names (the source's meaning, spelled readably):
 *
 * | llm.c                       | metric           | meaning                                                 |
 * |-----------------------------|------------------|---------------------------------------------------------|
 * | `trl`, `loss`, `train loss` | `train/loss`     | training loss of the step                               |
 * | `tel`, `val loss`           | `val/loss`       | validation loss evaluated at the step                   |
 * | `eval`, `HellaSwag: a/b = x`| `eval/hellaswag` | HellaSwag accuracy (fraction, 0..1)                     |
 * | `lr`                        | `lr`             | learning rate                                           |
 * | `norm`                      | `grad_norm`      | global gradient norm                                    |
 * | `(+1.23z)` after loss, norm | `train/loss_z`, `grad_norm_z` | z-score against recent steps (outlier detector) |
 * | `4621.47 ms`, `took X ms`   | `step_time_ms`   | wall time of the step                                   |
 * | `29.2% bf16 MFU`            | `mfu_pct`        | model FLOPs utilisation, percent                        |
 * | `113446 tok/s`              | `tokens_per_s`   | throughput (llm.c prints a running average)             |
 * | `acc`                       | `train/acc`      | (old versions) accuracy                                 |
 *
 * Steps are llm.c's own: `main.log`'s `s:N` counts from 0, stdout prints `step N+1/T` for the same step, so stdout
 * step N is read as step N-1 and both forms of one run agree; a `val loss` or `HellaSwag` line is at the step after
 * the last step line before it (llm.c evaluates before each step: the first `val loss` is at step 0). A `(+nanz)`
 * z-score (not enough history yet) and a negative MFU (llm.c's "unknown GPU" value) are missing values, not
 * points; a `loss nan` or `-nan` is kept and flagged non-finite.
 *
 * Config and columns (stdout): `num_parameters: N` -> `N`, `total_batch_size=B` -> `total_batch_size`, and when
 * printed `seq_len T=..` / `| max_sequence_length T |` -> `seq_len`, `num_processes=..` -> `num_processes`,
 * `| num_layers L |` -> `num_layers`, `| channels C |` -> `channels` (for MFU, src/health); tokens =
 * step x total_batch_size when known; time = seconds of training so far (the sum of the printed step times).
 * `main.log` has no tokens or time: those columns are NaN. Any other `key:number` field a fork adds to `main.log` is
 * kept under its own key.
 *
 * Launcher prefixes (`[rank0]: `, `0: `, a host or timestamp; see `prefix.ts`) are accepted before any record; when
 * several ranks print the same record, one is kept. A line that looks like a record but does not parse (a broken
 * number, a field without `:`, a field twice: two lines run together) is skipped with a warning giving its line.
 *
 * @example
 * const rs = await load('log124M/main.log');           // detected from content
 * rs.curve('main', 'val/loss')?.value;                  // Float64Array [11.0095, 6.1565]
 * const out = await load('train_stdout.log');          // stdout: also step_time_ms, mfu_pct, tokens_per_s
 */
import type { RunSetBuilder } from '../../runs/builder.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { countLines, detectScore, findRecord, forEachLine, LineWarnings, noRecognisedLine, parseNum, prefixInfo, RankDedupe, snake, FieldSetCheck, cutLineMessage } from './lines.js';

const NAMES: Record<string, string> = {
  trl: 'train/loss',
  tel: 'val/loss',
  eval: 'eval/hellaswag',
  lr: 'lr',
  norm: 'grad_norm',
};

const ANCHOR = /^s:\d+ (?:trl|tel|eval):/;
const STDOUT_ANCHOR = /^step\s+\d+\/\d+(?: \| loss |: train loss )|^step \d+: train loss \S+ \(took /;
const STDOUT_STEP = /^step\s+(\S*?)(?:\/(\S*?))?(?=[\s:|]|$):?/;
const WHOLE = /^\d+$/;
const NUM = String.raw`([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:[nN][aA][nN]|[iI][nN][fF](?:inity)?))`;
const END = String.raw`(?=[\s|,()]|$)`;
// The fields of a stdout step line, one alternative per kind (1-2 z-score, 3 took ms, 4-5 named, 6 ms, 7 MFU, 8 tok/s,
// 9 separators). Sticky: the whole line must be consumed, so damage anywhere is seen.
const STDOUT_FIELD = new RegExp(
  [
    String.raw`\s*\(\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)|[+-]?(?:nan|inf))(z)\)`,
    String.raw`\s*\(took\s+${NUM}\s*ms\)`,
    String.raw`(train loss|loss|norm|lr|acc)\s+${NUM}${END}`,
    String.raw`${NUM}\s*ms${END}`,
    String.raw`${NUM}%\s+(?:[A-Za-z0-9]+\s+)?MFU${END}`,
    String.raw`${NUM}\s+tok/s${END}`,
    String.raw`([\s|,():]+)`,
  ].join('|'),
  'y',
);
const VAL = /^val loss\s+(\S+)\s*$/;
const HELLASWAG = /^HellaSwag:\s*\d+\s*\/\s*\d+\s*=\s*(\S+)\s*$/;
const MAIN_NEAR = /(?:^|\s)(?:trl|tel|eval|norm|lr):[-+.\dnNiI]/;
const STDOUT_NEAR = /\b(?:val loss|train loss)\s+[-+.\dnNiI]|\bloss\s+[-+.\dnNiI]\S*\s*\(|\|\s*(?:norm|lr)\s+[\d.]|\d\s*tok\/s|%\s+\w+\s+MFU|\bloss\s+[-+.\dnNiI]\S*\s*$|\d+\s*\/\s*\d+\s*=\s*[-+.\d]/;
// a damaged `val loss 6.1565`: one to three short words and a decimal number, nothing else
const VAL_NEAR = /^\s*(?:\S{1,12}\s+){1,3}[-+]?(?:\d+\.\d*|nan|inf)\s*$/i;
const EXPECTED_STDOUT = 'an llm.c stdout line such as "step    1/19560 | loss 11.010252 (+nanz)| norm 15.1374 (+nanz)| lr 8.57e-07 | 4621.47 ms | 29.2% bf16 MFU | 113446 tok/s"';
const STDOUT_NAMES: Record<string, string> = { loss: 'train/loss', 'train loss': 'train/loss', norm: 'grad_norm', lr: 'lr', acc: 'train/acc' };
const STEP = /^\d+$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_START = /^[\d+-]/;
const STEP_START = /^step\s+\S*\d\S*\/|^step\s+\d+\s*:/;
const EXPECTED = 'an llm.c log line such as "s:12 trl:10.9586 lr:0.000002 norm:15.18"';
const EXPECTED_ANY = 'llm.c lines such as "s:12 trl:10.9586 lr:0.000002 norm:15.18" (main.log) or "step    1/19560 | loss 11.010252 | ..." (stdout)';

/**
 * Parse one `s:N k:v ...` line into `ids`/`vals` (reused buffers; returns the field count), or a problem.
 * Hand-scanned (indexOf, no split/regex per token): this is the hot loop of a multi-million-line log.
 */
function parseLine(line: string, start: number, b: RunSetBuilder, keyIds: Map<string, number>, idNames: Map<number, string>, ids: number[], vals: number[]): { step: number; n: number } | string {
  const len = line.length;
  let sp = line.indexOf(' ', start + 2);
  if (sp < 0) sp = len;
  const stepText = line.slice(start + 2, sp);
  if (!STEP.test(stepText)) return `step '${stepText}' is not a whole number`;
  let n = 0;
  let pos = sp;
  for (;;) {
    while (pos < len && (line.charCodeAt(pos) === 32 || line.charCodeAt(pos) === 9)) pos++;
    if (pos >= len) break;
    let end = pos;
    while (end < len && line.charCodeAt(end) !== 32 && line.charCodeAt(end) !== 9) end++;
    const c = line.indexOf(':', pos);
    if (c <= pos || c >= end) return `field '${line.slice(pos, end)}' is not key:value`;
    const key = line.slice(pos, c);
    let id = keyIds.get(key);
    if (id === undefined) {
      if (!KEY.test(key)) return `field key '${key}' is not a name`;
      const name = NAMES[key] ?? snake(key);
      id = b.metricId(name);
      keyIds.set(key, id);
      idNames.set(id, name);
    }
    const raw = line.slice(c + 1, end);
    const v = parseNum(raw);
    if (v === undefined) return `'${raw}' after '${key}:' is not a number`;
    for (let k = 0; k < n; k++) if (ids[k] === id) return `field '${key}' appears twice (two lines run together?)`;
    ids[n] = id;
    vals[n++] = v;
    pos = end;
  }
  if (n === 0) return 'no value after the step';
  return { step: Number(stepText), n };
}

type Field = [string, number];

/** Parse the fields after `step N/T` of a stdout line, or why not. */
function parseStdoutFields(rest: string): Field[] | string {
  const out: Field[] = [];
  let pos = 0;
  let last = '';
  while (pos < rest.length) {
    STDOUT_FIELD.lastIndex = pos;
    const m = STDOUT_FIELD.exec(rest);
    if (!m || m[0].length === 0) return `'${rest.slice(pos, pos + 40)}' is not a field of the step line`;
    pos += m[0].length;
    if (m[2] !== undefined) {
      // a z-score belongs to the field before it; nan means "not enough history yet": no point
      const z = parseNum(m[1]!);
      if (last === '' || z === undefined) return `z-score '(${m[1]}z)' does not follow a loss or norm`;
      if (!Number.isNaN(z)) out.push([`${last}_z`, z]);
      continue;
    }
    let name: string | undefined, raw: string | undefined;
    if (m[3] !== undefined) { name = 'step_time_ms'; raw = m[3]; }
    else if (m[4] !== undefined) { name = STDOUT_NAMES[m[4].toLowerCase()]!; raw = m[5]; }
    else if (m[6] !== undefined) { name = 'step_time_ms'; raw = m[6]; }
    else if (m[7] !== undefined) { name = 'mfu_pct'; raw = m[7]; }
    else if (m[8] !== undefined) { name = 'tokens_per_s'; raw = m[8]; }
    if (name === undefined || raw === undefined) continue;
    const v = parseNum(raw)!;
    if (out.some((f) => f[0] === name)) return `field '${name}' appears twice (two lines run together?)`;
    last = name;
    if (name === 'mfu_pct' && v < 0) continue;
    out.push([name, v]);
  }
  if (!out.some((f) => f[0] === 'train/loss')) return 'no loss';
  return out;
}

/** Whether a line that is not a record looks like a damaged one of either llm.c form. */
function nearMiss(line: string): boolean {
  return MAIN_NEAR.test(line) || STDOUT_NEAR.test(line) || VAL_NEAR.test(line);
}

const TBS = /total_batch_size\s*[=:|]\s*(\d+)/;
// Sizes llm.c prints before training (`batch_size B=16 * seq_len T=1024 * num_processes=8 and ...`, and its
// `| num_layers L | 48 |` table): kept in config for the MFU of src/health (its 6N + 6·L·C·T FLOPs per token).
const SIZES: readonly [RegExp, string][] = [
  [/seq_len\s+T\s*=\s*(\d+)/, 'seq_len'],
  [/^\|\s*max_sequence_length T\s*\|\s*(\d+)\s*\|/, 'seq_len'],
  [/num_processes\s*[=:|]\s*(\d+)/, 'num_processes'],
  [/^\|\s*num_layers L\s*\|\s*(\d+)\s*\|/, 'num_layers'],
  [/^\|\s*channels C\s*\|\s*(\d+)\s*\|/, 'channels'],
];
const NPARAMS = /num_parameters\s*[=:|]\s*(\d+)/;

/** The llm.c loader (`main.log` and stdout). */
export const llmcLoader: FormatLoader = {
  name: 'llmc',
  description: 'llm.c main.log (s:N trl:X lr:.. norm:.. / tel:X / eval:X lines) and stdout (step N/T | loss X | norm .. | lr .. | ms | MFU | tok/s)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    return detectScore(countLines(probe.headText, (l) => {
      const i = findRecord(l, 's:');
      if (i >= 0 && ANCHOR.test(i === 0 ? l : l.slice(i))) return true;
      const j = findRecord(l, 'step ');
      return j >= 0 && STDOUT_ANCHOR.test(j === 0 ? l : l.slice(j));
    }));
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    const dedupe = new RankDedupe(warnings, (m) => m.endsWith('loss') || m === 'eval/hellaswag');
    const fieldCheck = new FieldSetCheck((m) => m.endsWith('_z') || m === 'mfu_pct');
    // main.log: the ids of the previous record per first key (numbers: no allocation on the hot path)
    const prevIds = new Map<number, { ids: number[]; line: number; flagged: boolean }>();
    let run = -1;
    let points = 0;
    const keyIds = new Map<string, number>();
    const idNames = new Map<number, string>();
    const ids: number[] = [];
    const vals: number[] = [];
    // stdout state
    let nextStep = 0;
    let tbs = NaN;
    let nParams = NaN;
    let elapsedMs = 0;
    let timed = false;
    const sizes = new Map<string, number>();
    const runIndex = (): number => {
      if (run < 0) {
        const config: Record<string, number> = {};
        if (!Number.isNaN(nParams)) config.N = nParams;
        if (!Number.isNaN(tbs)) config.total_batch_size = tbs;
        for (const [k, v] of sizes) config[k] = v;
        run = ctx.addRun({ format: 'llmc', config });
      }
      return run;
    };
    const tagOf = (line: string, i: number): string | undefined => (i === 0 ? '' : prefixInfo(line.slice(0, i))?.tag);
    const push = (kind: string, step: number, tag: string, fields: readonly Field[], lineNo: number, tokens: number, time: number, checked = false): void => {
      if (!checked && !dedupe.keep(kind, step, tag, fields, lineNo)) return;
      const r = runIndex();
      for (const [name, v] of fields) b.push(r, step, b.metricId(name), v, tokens, NaN, time);
      points += fields.length;
      warnings.record(lineNo);
    };

    const checkIds = (n: number, lineNo: number): void => {
      const prev = prevIds.get(ids[0]!);
      let same = prev !== undefined && prev.ids.length === n;
      for (let k = 0; same && k < n; k++) same = prev!.ids[k] === ids[k];
      if (same) return;
      const entry = { ids: ids.slice(0, n), line: lineNo, flagged: false };
      prevIds.set(ids[0]!, entry);
      if (!prev) return;
      // a cut line keeps the first fields of its neighbour, in order (the cut one may come first or second)
      const m = Math.min(n, prev.ids.length);
      for (let k = 0; k < m; k++) if (prev.ids[k] !== ids[k]) return;
      if (n < prev.ids.length) {
        entry.flagged = true;
        warnings.damaged(lineNo, cutLineMessage(prev.ids.slice(n).map((id) => idNames.get(id)!)));
      } else if (!prev.flagged) warnings.damaged(prev.line, cutLineMessage(ids.slice(prev.ids.length, n).map((id) => idNames.get(id)!)));
    };

    const mainLine = (line: string, i: number, lineNo: number): void => {
      const parsed = parseLine(line, i, b, keyIds, idNames, ids, vals);
      if (typeof parsed === 'string') {
        warnings.skip(lineNo, parsed, EXPECTED);
        return;
      }
      const tag = tagOf(line, i) ?? '';
      if (tag !== '') {
        const fields: Field[] = [];
        for (let k = 0; k < parsed.n; k++) fields.push([idNames.get(ids[k]!)!, vals[k]!]);
        if (!dedupe.keep(fields[0]![0], parsed.step, tag, fields, lineNo)) return;
      }
      checkIds(parsed.n, lineNo);
      const r = runIndex();
      for (let k = 0; k < parsed.n; k++) b.push(r, parsed.step, ids[k]!, vals[k]!);
      points += parsed.n;
      warnings.record(lineNo);
    };

    const stdoutStep = (line: string, i: number, lineNo: number): void => {
      const text = i === 0 ? line : line.slice(i);
      const m = STDOUT_STEP.exec(text)!;
      if (!WHOLE.test(m[1]!) || (m[2] !== undefined && !WHOLE.test(m[2]))) {
        warnings.skip(lineNo, `'${m[0].trim()}' is not a step counter N/T`, EXPECTED_STDOUT);
        return;
      }
      const fields = parseStdoutFields(text.slice(m[0].length));
      if (typeof fields === 'string') {
        warnings.skip(lineNo, fields, EXPECTED_STDOUT);
        return;
      }
      const step = Math.max(0, Number(m[1]) - 1);
      const tag = tagOf(line, i) ?? '';
      if (!dedupe.keep('train', step, tag, fields, lineNo)) return;
      const ms = fields.find((f) => f[0] === 'step_time_ms');
      if (ms && Number.isFinite(ms[1])) {
        elapsedMs += ms[1];
        timed = true;
      }
      nextStep = step + 1;
      const miss = fieldCheck.missingOf('train', fields, lineNo);
      if (miss) warnings.damaged(miss.line, cutLineMessage(miss.missing));
      push('train', step, tag, fields, lineNo, step * tbs, timed ? elapsedMs / 1000 : NaN, true);
    };

    const evalLine = (line: string, i: number, lineNo: number, re: RegExp, metric: string, expected: string): void => {
      const text = i === 0 ? line : line.slice(i);
      const m = re.exec(text);
      const v = m ? parseNum(m[1]!) : undefined;
      if (!m || v === undefined) {
        warnings.skip(lineNo, `'${text.slice(0, 60)}' does not parse`, expected);
        return;
      }
      push(metric, nextStep, tagOf(line, i) ?? '', [[metric, v]], lineNo, nextStep * tbs, timed ? elapsedMs / 1000 : NaN);
    };

    const scan = await forEachLine(ctx.path, (line, lineNo) => {
      const c0 = line.charCodeAt(0);
      if (c0 === 115 /* s */ && line.charCodeAt(1) === 58 /* : */) {
        mainLine(line, 0, lineNo);
        return;
      }
      let i = line.indexOf('s:') >= 0 ? findRecord(line, 's:') : -1;
      if (i > 0 && WHOLE_START.test(line.slice(i + 2, i + 3))) {
        mainLine(line, i, lineNo);
        return;
      }
      i = findRecord(line, 'step ');
      if (i >= 0 && STEP_START.test(line.slice(i))) {
        stdoutStep(line, i, lineNo);
        return;
      }
      i = findRecord(line, 'val loss');
      if (i >= 0) {
        evalLine(line, i, lineNo, VAL, 'val/loss', 'an llm.c line such as "val loss 11.008742"');
        return;
      }
      i = findRecord(line, 'HellaSwag:');
      if (i >= 0) {
        evalLine(line, i, lineNo, HELLASWAG, 'eval/hellaswag', 'an llm.c line such as "HellaSwag: 2453/10042 = 0.244274"');
        return;
      }
      if (run < 0 && (line.includes('total_batch_size') || line.includes('num_parameters'))) {
        const t = TBS.exec(line);
        if (t) tbs = Number(t[1]);
        const n = NPARAMS.exec(line);
        if (n) nParams = Number(n[1]);
      }
      if (run < 0 && (line.includes('seq_len') || line.includes('num_processes') || line.charCodeAt(0) === 124 /* | */)) {
        for (const [re, k] of SIZES) {
          const m = re.exec(line);
          if (m) sizes.set(k, Number(m[1]));
        }
      }
      if (nearMiss(line)) warnings.skip(lineNo, 'the line looks like an llm.c record but does not start like one', EXPECTED_ANY);
    });
    warnings.finish(scan);
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED_ANY, warnings);
  },
};
