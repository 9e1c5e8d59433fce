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
 * - `train_time_s`: `train_time` converted from milliseconds to seconds (training time, evaluation excluded),
 *   so that a final time can be compared like any metric;
 * - the time column of every point is that line's `train_time` in seconds;
 * - run config `total_steps` = T.
 *
 * The final result of a run is `val_loss` at step T (its time is that point's time). A line starting with `step:`
 * that does not parse is skipped with a warning naming its line.
 *
 * @example
 * const rs = await load('records/2025-09-21_DropAttn/logs');
 * const c = rs.curve(rs.runs[0].id, 'val_loss');
 * c.value[c.value.length - 1]; // final val loss, e.g. 3.2798; c.time[c.time.length - 1] -> 151.526 (s)
 */
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { countLines, detectScore, forEachLine, LineWarnings, noRecognisedLine, parseNum, snake } from './lines.js';

const ANCHOR = /^step:\d+\/\d+ /;
const STEP = /^step:(\d+)\/(\d+)$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
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
    const v = parseNum(raw);
    if (v === undefined) return `'${t.slice(c + 1)}' after '${key}:' is not a number${ms ? ' of ms' : ''}`;
    if (key === 'train_time') {
      if (!ms) return `train_time '${t.slice(c + 1)}' has no ms unit`;
      out.time = v / 1000;
      out.fields.push(['train_time_s', v / 1000]);
    } else if (key === 'step_avg') {
      if (!ms) return `step_avg '${t.slice(c + 1)}' has no ms unit`;
      out.fields.push(['step_avg_ms', v]);
    } else out.fields.push([ms ? `${snake(key)}_ms` : snake(key), v]);
  }
  if (out.fields.length === 0) return 'no value after the step';
  return out;
}

/** The modded-nanogpt speedrun log loader. */
export const moddedNanogptLoader: FormatLoader = {
  name: 'modded-nanogpt',
  description: 'modded-nanogpt speedrun logs (step:N/T val_loss:X train_time:Tms step_avg:Sms lines)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    const n = countLines(probe.headText, (l) => ANCHOR.test(l));
    if (n > 0) return detectScore(n);
    // A full upstream log opens with the script source, which can fill the 64 KiB head before the first step line:
    // the f-string that prints the step lines identifies it.
    const t = probe.headText;
    return t.includes('step:{step}/{') && t.includes('val_loss:{') && t.includes('step_avg:{') ? 0.6 : 0;
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    let run = -1;
    let points = 0;
    let total = NaN;
    await forEachLine(ctx.path, (line, lineNo) => {
      if (!line.startsWith('step:')) return;
      const p = parseLine(line);
      if (typeof p === 'string') {
        warnings.skip(lineNo, p, EXPECTED);
        return;
      }
      if (run < 0) run = ctx.addRun({ format: 'modded-nanogpt', config: { total_steps: p.total } });
      if (Number.isNaN(total)) total = p.total;
      else if (p.total !== total) ctx.warn(`total steps changed from ${total} to ${p.total}; total_steps keeps the last`, { line: lineNo });
      total = p.total;
      for (const [metric, value] of p.fields) b.push(run, p.step, b.metricId(metric), value, NaN, NaN, p.time);
      points += p.fields.length;
    });
    warnings.finish();
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings.skipped);
    b.meta(run).config.total_steps = total;
  },
};
