/**
 * modded-nanogpt (`modded-nanogpt`): the speedrun's run logs. A log opens with the training script's source and an
 * environment dump (nvidia-smi), then prints, at the start of a line,
 *
 *     step:0/1680 val_loss:10.8258 train_time:0ms step_avg:0.03ms        validation
 *     step:12/1680 train_time:1038ms step_avg:86.50ms                   training (some versions add train_loss:X)
 *
 * Only lines that START with `step:N/T` count: the source code at the top holds the same text inside f-strings.
 * The last step appears twice (its train line, then its val line); for a metric logged twice at one step the
 * builder keeps the later value.
 *
 * Metrics and columns:
 * - `val_loss`, `train_loss` as printed;
 * - `step_avg_ms`: the running average step time in milliseconds, as printed;
 * - `train_time_s`: `train_time` in seconds (printed in milliseconds, `train_time:1038ms`, or by some versions
 *   in seconds, `train_time:487.731s`; training time, evaluation excluded), so that a final time can be compared
 *   like any metric;
 * - the time column of every point is that line's `train_time` in seconds;
 * - run config `total_steps` = T.
 *
 * The final result of a run is `val_loss` at step T (its time is that point's time). A line starting with `step:`
 * (after an accepted launcher prefix such as `[rank0]: ` or `0: `, see `prefix.ts`) that does not parse, and a line
 * that carries the format's fields (`val_loss:3.28`, `train_time:..`) without starting like a step line, is skipped
 * with a warning naming its line. When several ranks print the same line, one copy is kept.
 *
 * @example
 * const rs = await load('records/2025-09-21_DropAttn/logs');
 * const c = rs.curve(rs.runs[0].id, 'val_loss');
 * c.value[c.value.length - 1]; // final val loss, e.g. 3.2798; c.time[c.time.length - 1] -> 151.526 (s)
 */
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { countLines, detectScore, findRecord, forEachLine, LineWarnings, noRecognisedLine, parseNum, prefixInfo, RankDedupe, snake, FieldSetCheck, cutLineMessage } from './lines.js';

const ANCHOR = /^step:\d+\/\d+ /;
const STEP = /^step:(\d+)\/(\d+)$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The script source at the top of a log prints the same fields in f-strings and comments: not damaged records.
const SOURCE_CODE = /#\s|print|\bf"|\{/;
const NEAR = /(?:^|\s)(?:val_loss|train_loss|train_time|step_avg):[-+.\dnNiI]/;
const EXPECTED = 'a modded-nanogpt step line such as "step:12/1750 train_time:1038ms step_avg:86.50ms"';

interface Parsed {
  step: number;
  total: number;
  /** Seconds, NaN when the line has no train_time. */
  time: number;
  fields: [string, number][];
}

function parseLine(line: string): Parsed | string {
  const tokens = line.trim().split(/\s+/);
  const m = STEP.exec(tokens[0]!);
  if (!m) return `'${tokens[0]}' is not step:N/T`;
  const out: Parsed = { step: Number(m[1]), total: Number(m[2]), time: NaN, fields: [] };
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const c = t.indexOf(':');
    if (c <= 0) return `field '${t}' is not key:value`;
    const key = t.slice(0, c);
    if (!KEY.test(key)) return `field key '${key}' is not a name`;
    let raw = t.slice(c + 1);
    const ms = raw.endsWith('ms');
    if (ms) raw = raw.slice(0, -2);
    const v = key === 'train_time' && !ms && raw.endsWith('s') ? 0 : parseNum(raw);
    if (v === undefined) return `'${t.slice(c + 1)}' after '${key}:' is not a number${ms ? ' of ms' : ''}`;
    if (key === 'train_time') {
      let secs = ms ? v / 1000 : NaN;
      if (!ms && raw.endsWith('s')) {
        const sv = parseNum(raw.slice(0, -1));
        if (sv !== undefined) secs = sv;
      }
      if (Number.isNaN(secs)) return `train_time '${t.slice(c + 1)}' is not a time in ms or s`;
      out.time = secs;
      out.fields.push(['train_time_s', secs]);
    } else if (key === 'step_avg') {
      if (!ms) return `step_avg '${t.slice(c + 1)}' has no ms unit`;
      out.fields.push(['step_avg_ms', v]);
    } else out.fields.push([ms ? `${snake(key)}_ms` : snake(key), v]);
  }
  if (out.fields.length === 0) return 'no value after the step';
  for (let i = 1; i < out.fields.length; i++) {
    for (let j = 0; j < i; j++) if (out.fields[j]![0] === out.fields[i]![0]) return `field '${out.fields[i]![0]}' appears twice (two lines run together?)`;
  }
  return out;
}

/** The modded-nanogpt speedrun log loader. */
export const moddedNanogptLoader: FormatLoader = {
  name: 'modded-nanogpt',
  description: 'modded-nanogpt speedrun logs (step:N/T val_loss:X train_time:Tms step_avg:Sms lines)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    const n = countLines(probe.headText, (l) => {
      const i = findRecord(l, 'step:');
      return i >= 0 && ANCHOR.test(i === 0 ? l : l.slice(i));
    });
    if (n > 0) return detectScore(n);
    // A full upstream log opens with the script source, which can fill the 64 KiB head before the first step line:
    // the f-string that prints the step lines identifies it.
    const t = probe.headText;
    return t.includes('step:{step}/{') && t.includes('val_loss:{') && t.includes('step_avg:{') ? 0.6 : 0;
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    const dedupe = new RankDedupe(warnings, (m) => m.endsWith('loss'));
    const fieldCheck = new FieldSetCheck();
    let run = -1;
    let points = 0;
    let total = NaN;
    const scan = await forEachLine(ctx.path, (line, lineNo) => {
      const i = line.startsWith('step:') ? 0 : line.indexOf('step:') > 0 ? findRecord(line, 'step:') : -1;
      if (i < 0) {
        if (NEAR.test(line) && !SOURCE_CODE.test(line)) warnings.skip(lineNo, 'the line carries modded-nanogpt fields but does not start like a step line', EXPECTED);
        return;
      }
      const p = parseLine(i === 0 ? line : line.slice(i));
      if (typeof p === 'string') {
        warnings.skip(lineNo, p, EXPECTED);
        return;
      }
      const tag = i === 0 ? '' : (prefixInfo(line.slice(0, i))?.tag ?? '');
      const kind = p.fields.some((f) => f[0] === 'val_loss') ? 'val' : 'train';
      if (!dedupe.keep(kind, p.step, tag, p.fields, lineNo)) return;
      const miss = fieldCheck.missingOf(kind, p.fields, lineNo);
      if (miss) warnings.damaged(miss.line, cutLineMessage(miss.missing));
      if (run < 0) run = ctx.addRun({ format: 'modded-nanogpt', config: { total_steps: p.total } });
      if (Number.isNaN(total)) total = p.total;
      else if (p.total !== total) warnings.note(lineNo, `total steps changed from ${total} to ${p.total}; total_steps keeps the last`);
      total = p.total;
      for (const [metric, value] of p.fields) b.push(run, p.step, b.metricId(metric), value, NaN, NaN, p.time);
      points += p.fields.length;
      warnings.record(lineNo);
    });
    warnings.finish(scan);
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings);
    b.meta(run).config.total_steps = total;
  },
};
