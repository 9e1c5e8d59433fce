/**
 * torchtitan (`torchtitan`): stdout of pytorch/torchtitan training, whose metrics logger prints (with ANSI colour
 * codes between the fields, and torchrun's `[rank0]:` in front when ranks are tagged)
 *
 *     [rank0]:[titan] 2025-01-01 12:00:00,000 - root - INFO - step:  1  loss: 12.2345  grad_norm:  3.1416
 *       memory: 10.50GiB(11.07%)  tps: 1,234  tflops: 12.30  mfu: 4.50%
 *     [titan] 2025-01-01 12:05:00,000 - root - INFO - validate step: 100  loss:  5.4321  memory: ...  tps: 9,876
 *
 * Older versions print `wps:` instead of `tps:` and no `grad_norm:`; some add `step_time:`, `per_device_tps:` or
 * `elapsed_time_per_step: 0.123s`; newer ones print `mfu: N/A` when the peak FLOPs are unknown (missing, not a
 * value). ANSI escapes are stripped and thousands separators (`1,234`) read. Metric names:
 *
 * | printed                  | metric                      |                                       |
 * |--------------------------|-----------------------------|---------------------------------------|
 * | `loss`                   | `train/loss`                | on `validate step:` lines `val/loss`  |
 * | `grad_norm`              | `grad_norm`                 |                                       |
 * | `memory: 10.50GiB(11.07%)`| `memory_gib`, `memory_pct` | peak reserved device memory           |
 * | `tps`, `wps`, `per_device_tps` | same names            | tokens per second (per device)        |
 * | `tflops`                 | `tflops`                    |                                       |
 * | `mfu: 4.50%`             | `mfu_pct`                   |                                       |
 * | `step_time`, `elapsed_time_per_step` | `step_time_s`   | seconds                               |
 * | any other `key: number`  | the key                     |                                       |
 *
 * Non-loss fields of `validate step:` lines are prefixed `val/`. Any launcher or logging prefix is accepted
 * before the message (`[rank0]:`, `[default0]:`, `0: `, a host, the `[titan] time - name - LEVEL - ` logger
 * prefix; see `prefix.ts`). When several ranks print the same step, the first copy is kept (every rank logs the same
 * global loss, so differing losses give a warning; memory and throughput are per rank: the kept copy's are read).
 *
 * Columns: time = seconds since the first step line's logger timestamp. Tokens = step x global batch size x
 * sequence length when the log states both (`Trainer is initialized with local batch size 8, global batch size 64,
 * ..., sequence length 2048, total steps 1000 (warmup 200)`), else NaN. Config from the same line
 * (`global_batch_size`, `local_batch_size`, `seq_len`, `total_steps`, `warmup_steps`) and from `size: 8,030,261,248
 * total parameters` (`N`). `log_start_s`: the first logged line's time on the same clock (negative: before the first
 * step line), when a line before it carries a timestamp (the run's start, for start-up in src/health). A
 * `Saving the checkpoint` line after step N records `checkpoint_save` = 1 at step N (a save event).
 *
 * A step line whose known fields do not parse, with a field twice (two lines run together), or a line carrying the
 * metrics fields without starting like a step line, is skipped with a warning naming its line; an unknown field
 * whose value is not a number is left out with a warning.
 *
 * @example
 * const rs = await load('outputs/train.log', { format: 'torchtitan' });
 * rs.curve(rs.runs[0].id, 'train/loss');
 */
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { countLines, detectScore, findRecordInfo, forEachLine, LineWarnings, LogRun, noRecognisedLine, parseGrouped, parseNum, prefixInfo, RankDedupe, repeatedKey, snake, stripAnsi, FieldSetCheck, cutLineMessage } from './lines.js';

const STEP = /^(validate )?step:\s*(\S+)(?:\s+|$)/;
const STEP_ANCHOR = /^(?:validate )?step:\s*\d+\s+loss:/;
const KEY = /^[A-Za-z_]+$/;
const WHOLE = /^\d+$/;
const MEMORY = /^(\d+(?:\.\d+)?)GiB\((\d+(?:\.\d+)?)%\)$/;
const NEAR_LOSS = /\bloss:\s*[-+.\dnNiI]/;
const NEAR_KEYS = /\b(?:grad_norm|memory|tps|wps|tflops|mfu):\s*[-+.\dnNiI]/g;
const EXPECTED_STEP = 'a torchtitan line such as "step:  1  loss: 12.2345  memory: 10.50GiB(11.07%)  tps: 1,234  tflops: 12.30  mfu: 4.50%"';
const EXPECTED = 'torchtitan metrics lines such as "[titan] 2025-01-01 12:00:00,000 - root - INFO - step:  1  loss: 12.2345  ..."';

/** A line's message after any launcher or logger prefix, with the prefix's tag and time; undefined for no step line. */
interface Message {
  /** Who printed it (`[rank0]:[titan]root`): see `PrefixInfo.tag`. */
  tag: string;
  /** Epoch seconds of the logger timestamp (read as UTC; only differences are used), NaN without one. */
  time: number;
  text: string;
}

function stepMessage(raw: string): Message | undefined {
  const s = stripAnsi(raw);
  const r = (s.includes('validate step:') ? findRecordInfo(s, 'validate step:') : undefined) ?? findRecordInfo(s, 'step:');
  if (!r) return undefined;
  return { tag: r.tag, time: r.time, text: r.start === 0 ? s : s.slice(r.start) };
}

function isNearMiss(line: string): boolean {
  const s = stripAnsi(line);
  if (NEAR_LOSS.test(s)) return true;
  NEAR_KEYS.lastIndex = 0;
  let n = 0;
  while (NEAR_KEYS.exec(s) && ++n < 2);
  return n >= 2;
}

/** Unknown fields left out of the last parsed line because their value is not a number. */
const leftOut: string[] = [];
/** The keys of the last parsed line, as printed (for the cut-line check: `mfu: N/A` counts as a field). */
const keys: string[] = [];

/** Parse the fields after `step: N`; a string is the problem. */
function parseFields(rest: string, validate: boolean): [string, number][] | string {
  const out: [string, number][] = [];
  const pre = validate ? 'val/' : '';
  // Tokens, not a global regex: `key: value` pairs separated by spaces (a regex scan could backtrack on junk).
  const tokens = rest.trim().split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let key: string, raw: string;
    if (t.endsWith(':')) {
      key = t.slice(0, -1);
      raw = tokens[++i] ?? '';
    } else {
      const c = t.indexOf(':');
      if (c <= 0) return `'${t}' is not "key: value"`;
      key = t.slice(0, c);
      raw = t.slice(c + 1);
    }
    if (!KEY.test(key)) return `'${key}' is not a field name`;
    keys.push(key);
    switch (key) {
      case 'loss':
      case 'grad_norm':
      case 'tflops': {
        const v = parseGrouped(raw);
        if (v === undefined) return `${key} '${raw}' is not a number`;
        out.push([key === 'loss' ? (validate ? 'val/loss' : 'train/loss') : pre + key, v]);
        break;
      }
      case 'tps':
      case 'wps':
      case 'per_device_tps': {
        const v = parseGrouped(raw);
        if (v === undefined) return `${key} '${raw}' is not a number`;
        out.push([pre + key, v]);
        break;
      }
      case 'memory': {
        const mm = MEMORY.exec(raw);
        if (!mm) return `memory '${raw}' is not like 10.50GiB(11.07%)`;
        out.push([pre + 'memory_gib', Number(mm[1])], [pre + 'memory_pct', Number(mm[2])]);
        break;
      }
      case 'mfu': {
        if (raw === 'N/A') break;
        const v = raw.endsWith('%') ? parseNum(raw.slice(0, -1)) : undefined;
        if (v === undefined) return `mfu '${raw}' is not a percentage`;
        out.push([pre + 'mfu_pct', v]);
        break;
      }
      case 'step_time':
      case 'elapsed_time_per_step': {
        const v = parseNum(raw.endsWith('s') ? raw.slice(0, -1) : raw);
        if (v === undefined) return `${key} '${raw}' is not a number of seconds`;
        out.push([pre + 'step_time_s', v]);
        break;
      }
      default: {
        const v = parseGrouped(raw);
        const name = snake(key);
        if (v !== undefined && name) out.push([pre + name, v]);
        else leftOut.push(`${key} '${raw}'`);
      }
    }
  }
  if (!out.some((f) => f[0] === 'train/loss' || f[0] === 'val/loss')) return 'no loss';
  const twice = repeatedKey(out);
  if (twice !== undefined) return `field '${twice}' appears twice (two lines run together?)`;
  return out;
}

const PARAMS = /size: ([\d,]+) total parameters/;
const INIT_FIELDS: [RegExp, string][] = [
  [/local batch size (\d+)/, 'local_batch_size'],
  [/global batch size (\d+)/, 'global_batch_size'],
  [/sequence length (\d+)/, 'seq_len'],
  [/total steps (\d+)/, 'total_steps'],
  [/\(warmup (\d+)\)/, 'warmup_steps'],
];

/** The torchtitan stdout loader. */
export const torchtitanLoader: FormatLoader = {
  name: 'torchtitan',
  description: 'torchtitan stdout ([titan] ... step: N  loss: X  memory: ..  tps: ..  tflops: ..  mfu: ..%)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    return detectScore(countLines(probe.headText, (l) => {
      if (!l.includes('step:')) return false;
      const m = stepMessage(l);
      return m !== undefined && STEP_ANCHOR.test(m.text);
    }));
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    const run = new LogRun(ctx, 'torchtitan');
    let points = 0;
    let t0 = NaN;
    // The run's start: the logger timestamp of the first line, before the first step line (for start-up in src/health).
    let firstTime = NaN;
    let lastStep = NaN;
    const dedupe = new RankDedupe(warnings, (m) => m.endsWith('loss'));
    const fieldCheck = new FieldSetCheck();
    const scan = await forEachLine(ctx.path, (raw, lineNo) => {
      const hasStep = raw.includes('step:');
      if (Number.isNaN(t0) && Number.isNaN(firstTime)) firstTime = lineTime(raw);
      if (!hasStep && raw.includes('Saving the checkpoint') && !Number.isNaN(lastStep)) {
        // torchtitan's "Saving the checkpoint (or staging if async is enabled)." after step N: a save event at N
        const r = run.index();
        b.push(r, lastStep, b.metricId('checkpoint_save'), 1, NaN, NaN, Number.isNaN(t0) ? NaN : lineTime(raw) - t0);
        return;
      }
      if (!hasStep && !raw.includes('total parameters') && !raw.includes('batch size')) {
        if (raw.includes('loss:') || raw.includes('memory:')) {
          if (isNearMiss(raw)) warnings.skip(lineNo, 'the line carries torchtitan metrics but does not start like a step line', EXPECTED_STEP);
        }
        return;
      }
      const msg = hasStep ? stepMessage(raw) : undefined;
      if (msg) {
        const text = msg.text;
        const m = STEP.exec(text);
        if (!m) {
          warnings.skip(lineNo, `'${text.slice(0, 40)}' is not a step counter`, EXPECTED_STEP);
          return;
        }
        if (!WHOLE.test(m[2]!)) {
          warnings.skip(lineNo, `step '${m[2]}' is not a whole number`, EXPECTED_STEP);
          return;
        }
        leftOut.length = 0;
        keys.length = 0;
        const fields = parseFields(text.slice(m[0].length), m[1] !== undefined);
        if (typeof fields === 'string') {
          warnings.skip(lineNo, fields, EXPECTED_STEP);
          return;
        }
        const step = Number(m[2]);
        if (!dedupe.keep(m[1] !== undefined ? 'validate' : 'train', step, msg.tag, fields, lineNo)) return;
        if (leftOut.length) warnings.damaged(lineNo, `${leftOut.join(', ')} is not a number: left out`);
        const miss = fieldCheck.missing(m[1] !== undefined ? 'validate' : 'train', keys, lineNo);
        if (miss) warnings.damaged(miss.line, cutLineMessage(miss.missing));
        const r = run.index();
        if (!Number.isNaN(msg.time) && Number.isNaN(t0)) t0 = msg.time;
        const time = msg.time - t0;
        const cfg = b.meta(r).config;
        const gbs = typeof cfg.global_batch_size === 'number' ? cfg.global_batch_size : NaN;
        const seq = typeof cfg.seq_len === 'number' ? cfg.seq_len : NaN;
        const tokens = step * gbs * seq;
        for (const [name, v] of fields) b.push(r, step, b.metricId(name), v, tokens, NaN, time);
        if (m[1] === undefined) lastStep = step;
        points += fields.length;
        warnings.record(lineNo);
        return;
      }
      const text = stripAnsi(raw);
      if (isNearMiss(raw)) {
        warnings.skip(lineNo, 'the line carries torchtitan metrics but does not start like a step line', EXPECTED_STEP);
        return;
      }
      const p = PARAMS.exec(text);
      if (p) {
        const v = parseGrouped(p[1]!);
        if (v !== undefined) run.setConfig('N', v);
        return;
      }
      if (text.includes('global batch size') && text.includes('sequence length')) {
        for (const [re, key] of INIT_FIELDS) {
          const f = re.exec(text);
          if (f) run.setConfig(key, Number(f[1]));
        }
        return;
      }
      if (isNearMiss(raw)) warnings.skip(lineNo, 'the line carries torchtitan metrics but does not start like a step line', EXPECTED_STEP);
    });
    warnings.finish(scan);
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings);
    if (firstTime < t0) run.setConfig('log_start_s', Math.round((firstTime - t0) * 1000) / 1000);
  },
};

/** Epoch seconds of a line's logger timestamp (`... 2025-01-01 12:00:00,000 - name - LEVEL - message`), else NaN. */
function lineTime(raw: string): number {
  const s = stripAnsi(raw);
  let i = s.indexOf(' - ');
  while (i > 0 && i < 200) {
    const info = prefixInfo(s.slice(0, i + 3));
    if (info && !Number.isNaN(info.time)) return info.time;
    i = s.indexOf(' - ', i + 1);
  }
  return NaN;
}
