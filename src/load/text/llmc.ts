/**
 * llm.c (`llmc`): the `main.log` that llm.c's logger writes, one record per line:
 *
 *     s:0 tel:11.0095                               validation loss
 *     s:0 trl:11.0116 lr:0.000001 norm:14.96        training step
 *     s:250 eval:0.2437                             HellaSwag accuracy
 *
 * Metric names (the source's meaning, spelled readably):
 *
 * | llm.c key | metric           | meaning                                      |
 * |-----------|------------------|----------------------------------------------|
 * | `trl`     | `train/loss`     | training loss of the step                    |
 * | `tel`     | `val/loss`       | validation loss evaluated at the step        |
 * | `eval`    | `eval/hellaswag` | HellaSwag accuracy (fraction, 0..1)          |
 * | `lr`      | `lr`             | learning rate                                |
 * | `norm`    | `grad_norm`      | global gradient norm                         |
 *
 * Any other `key:number` field a fork adds is kept under its own key. The log has no tokens or time: those columns
 * are NaN. A line starting with `s:` that does not parse (broken number, a field without `:`) is skipped with a
 * warning giving its line number.
 *
 * @example
 * const rs = await load('log124M/main.log');           // detected from content
 * rs.curve('main', 'val/loss')?.value;                  // Float64Array [11.0095, 6.1565]
 */
import type { RunSetBuilder } from '../../runs/builder.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { countLines, detectScore, forEachLine, LineWarnings, noRecognisedLine, parseNum, snake } from './lines.js';

const NAMES: Record<string, string> = {
  trl: 'train/loss',
  tel: 'val/loss',
  eval: 'eval/hellaswag',
  lr: 'lr',
  norm: 'grad_norm',
};

const ANCHOR = /^s:\d+ (?:trl|tel|eval):/;
const STEP = /^\d+$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPECTED = 'an llm.c log line such as "s:12 trl:10.9586 lr:0.000002 norm:15.18"';

/**
 * Parse one `s:N k:v ...` line into `ids`/`vals` (reused buffers; returns the field count), or a problem.
 * Hand-scanned (indexOf, no split/regex per token): this is the hot loop of a multi-million-line log.
 */
function parseLine(line: string, b: RunSetBuilder, keyIds: Map<string, number>, ids: number[], vals: number[]): { step: number; n: number } | string {
  const len = line.length;
  let sp = line.indexOf(' ', 2);
  if (sp < 0) sp = len;
  const stepText = line.slice(2, sp);
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
      id = b.metricId(NAMES[key] ?? snake(key));
      keyIds.set(key, id);
    }
    const raw = line.slice(c + 1, end);
    const v = parseNum(raw);
    if (v === undefined) return `'${raw}' after '${key}:' is not a number`;
    ids[n] = id;
    vals[n++] = v;
    pos = end;
  }
  if (n === 0) return 'no value after the step';
  return { step: Number(stepText), n };
}

/** The llm.c `main.log` loader. */
export const llmcLoader: FormatLoader = {
  name: 'llmc',
  description: 'llm.c main.log (s:N trl:X lr:.. norm:.. / tel:X / eval:X lines)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    return detectScore(countLines(probe.headText, (l) => ANCHOR.test(l)));
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    let run = -1;
    let points = 0;
    const keyIds = new Map<string, number>();
    const ids: number[] = [];
    const vals: number[] = [];
    await forEachLine(ctx.path, (line, lineNo) => {
      if (line.charCodeAt(0) !== 115 /* s */ || line.charCodeAt(1) !== 58 /* : */) return;
      const parsed = parseLine(line, b, keyIds, ids, vals);
      if (typeof parsed === 'string') {
        warnings.skip(lineNo, parsed, EXPECTED);
        return;
      }
      if (run < 0) run = ctx.addRun({ format: 'llmc' });
      for (let k = 0; k < parsed.n; k++) b.push(run, parsed.step, ids[k]!, vals[k]!);
      points += parsed.n;
    });
    warnings.finish();
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings.skipped);
  },
};
