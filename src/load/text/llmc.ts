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

/** Parse one `s:N k:v ...` line into [step, [metric, value]...], or a problem description. */
function parseLine(line: string): { step: number; fields: [string, number][] } | string {
  const tokens = line.trim().split(/\s+/);
  const stepText = tokens[0]!.slice(2);
  if (!STEP.test(stepText)) return `step '${stepText}' is not a whole number`;
  const fields: [string, number][] = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const c = t.indexOf(':');
    if (c <= 0) return `field '${t}' is not key:value`;
    const key = t.slice(0, c);
    if (!KEY.test(key)) return `field key '${key}' is not a name`;
    const v = parseNum(t.slice(c + 1));
    if (v === undefined) return `'${t.slice(c + 1)}' after '${key}:' is not a number`;
    fields.push([NAMES[key] ?? snake(key), v]);
  }
  if (fields.length === 0) return 'no value after the step';
  return { step: Number(stepText), fields };
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
    await forEachLine(ctx.path, (line, lineNo) => {
      if (line.charCodeAt(0) !== 115 /* s */ || line.charCodeAt(1) !== 58 /* : */) return;
      const parsed = parseLine(line);
      if (typeof parsed === 'string') {
        warnings.skip(lineNo, parsed, EXPECTED);
        return;
      }
      if (run < 0) run = ctx.addRun({ format: 'llmc' });
      for (const [metric, value] of parsed.fields) b.push(run, parsed.step, b.metricId(metric), value);
      points += parsed.fields.length;
    });
    warnings.finish();
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings.skipped);
  },
};
