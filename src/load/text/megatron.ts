/**
 * Megatron-LM (`megatron`): the training stdout of Megatron-LM (and Megatron-DeepSpeed, NeMo-Megatron), whose
 * `training_log` prints one pipe-separated line per log interval
 *
 *     [2025-03-31 05:54:07] iteration       50/  242204 | consumed samples:        50400 | elapsed time per
 *     iteration (ms): 1552.8 | learning rate: 8.000000E-06 | global batch size:  1008 | lm loss: 6.258318E+00 |
 *     loss scale: 1.0 | grad norm: 1.520 | number of skipped iterations:   0 | number of nan iterations:   0 |
 *
 * and `evaluate_and_print_results` one line per evaluation
 *
 *     validation loss at iteration 100 | lm loss value: 5.119438E+00 | lm loss PPL: 1.672218E+02 |
 *
 * (the prefix may also read `iteration 100 on validation set`, `the end of training for val data`, or `... test
 * data` / `test set`). Launcher and logging prefixes before either (`[lrdn3321:3]: `, `[default3]: `, `1: `, a pdsh
 * host `192.168.205.202: `, a timestamp, `2024-05-01 12:00:00,123 - INFO - `; see `prefix.ts`) are accepted;
 * anything else before `iteration` is not a training line (e.g. `saving checkpoint at iteration 100`). When several
 * ranks or hosts print the same line, one copy is kept (a warning if their losses differ).
 *
 * Metric names:
 *
 * | printed key                            | metric               |                                          |
 * |----------------------------------------|----------------------|------------------------------------------|
 * | `lm loss`                              | `train/loss`         | other `X loss` keys -> `train/<x>_loss`  |
 * | `learning rate`                        | `lr`                 |                                          |
 * | `grad norm`, `params norm`, `num zeros`| `grad_norm`, ...     |                                          |
 * | `loss scale`                           | `loss_scale`         |                                          |
 * | `elapsed time per iteration (ms)`/`(s)`| `iter_time_ms`       | seconds converted to ms                  |
 * | `consumed samples`, `consumed tokens`  | `consumed_samples`, `consumed_tokens` |                         |
 * | `global batch size`                    | `global_batch_size`  |                                          |
 * | `throughput per GPU (TFLOP/s/GPU)`     | `tflops_per_gpu`     | `TFLOPs` -> `tflops`                     |
 * | any other `key: number`                | snake_case of the key (`samples per second` -> `samples_per_second`) |
 * | validation `lm loss value` / `PPL`     | `val/loss`, `val/ppl`| test data: `test/loss`, `test/ppl`       |
 *
 * Skipped iterations: a line with `number of skipped iterations` > 0 and no `lm loss` (Megatron omits the loss
 * when every iteration of the interval was skipped) records `train/loss` = NaN flagged `Flag.skipped`; with
 * `number of nan iterations` > 0 and no loss it records NaN (flagged non-finite). With a loss printed, nonzero
 * counts are kept as `skipped_iterations` / `nan_iterations` at that iteration (for src/health). A printed `nan`/`inf` value is
 * kept and flagged non-finite. Iteration numbers that go back (resume after a rollback) are added in file order:
 * the run builder records the restart and keeps the later segment.
 *
 * Columns: tokens = `consumed tokens` when printed, else `consumed samples` x sequence length when that is known
 * (the `seqLength` load option, else `seq_length` from Megatron's arguments dump), else NaN. Time = seconds since
 * the first bracketed timestamp `[YYYY-MM-DD HH:MM:SS]` in the file, when lines carry one. Config: `total_steps`
 * (the `/ T` of the iteration counter) and a few sizes from the arguments dump (seq_length, global_batch_size,
 * num_layers, hidden_size, lr, ...).
 *
 * A training or validation line that does not parse (a broken number in a known field, a missing iteration
 * counter, a field twice: two lines run together), and a line carrying Megatron's fields without starting like a
 * record, is skipped with a warning naming its line. An unknown field whose value is not a number, or a training
 * line without any loss (and no skipped or nan iterations), is read in part with a warning.
 *
 * @example
 * const rs = await load('logs/megatron_7b.out', { format: 'megatron' });
 * rs.curve(rs.runs[0].id, 'train/loss');
 */
import { Flag } from '../../runs/types.js';
import type { FormatLoader, LoadContext, LoadOptions, Probe } from '../types.js';
import { countLines, detectScore, findRecord, forEachLine, LineWarnings, LogRun, noRecognisedLine, parseNum, prefixInfo, pythonValue, RankDedupe, repeatedKey, snake, FieldSetCheck, cutLineMessage } from './lines.js';

/** Load options the text loaders read (seqLength is now part of {@link LoadOptions}; kept as an alias). */
export type TextLoadOptions = LoadOptions;

const NEAR = /(?:lm loss|consumed samples|learning rate|elapsed time per iteration|grad norm|loss scale|global batch size|lm loss value)[^|:]{0,20}:\s*[-+.\dnNiI]/;
const COUNTER = /^iteration\s+(\d+)\s*\/\s*(\d+)\s*$/;
const COUNTER_ANCHOR = /^iteration\s+\d+\s*\/\s*\d+\s*\|/;
const VAL_AT_ITERATION = /^validation loss at iteration (\d+)/;
const EXPECTED_TRAIN = 'a Megatron line such as "iteration 50/ 1000 | ... | lm loss: 6.258318E+00 | ..."';
const EXPECTED_VAL = 'a Megatron line such as "validation loss at iteration 100 | lm loss value: 5.1E+00 | ..."';
const EXPECTED = 'Megatron-LM training lines such as " iteration 50/ 1000 | consumed samples: 512 | ... | lm loss: 6.25E+00 |"';

const TRAIN_NAMES: Record<string, string> = {
  'lm loss': 'train/loss',
  'learning rate': 'lr',
  'grad norm': 'grad_norm',
  'params norm': 'params_norm',
  'num zeros': 'num_zeros',
  'loss scale': 'loss_scale',
  'consumed samples': 'consumed_samples',
  'consumed tokens': 'consumed_tokens',
  'global batch size': 'global_batch_size',
  'throughput per GPU (TFLOP/s/GPU)': 'tflops_per_gpu',
  TFLOPs: 'tflops',
};

/** Arguments-dump entries kept as run config (Megatron prints several hundred). */
const CONFIG_ARGS = new Set([
  'seq_length', 'max_position_embeddings', 'global_batch_size', 'micro_batch_size', 'num_layers', 'hidden_size',
  'ffn_hidden_size', 'num_attention_heads', 'num_query_groups', 'lr', 'min_lr', 'lr_decay_style', 'lr_warmup_iters',
  'weight_decay', 'clip_grad', 'train_iters', 'train_samples', 'seed', 'padded_vocab_size', 'tensor_model_parallel_size',
  'pipeline_model_parallel_size', 'data_parallel_size', 'world_size', 'params_dtype', 'num_experts', 'moe_router_topk',
]);

/** Where a Megatron record starts in a line, after an accepted launcher prefix; -1 when it does not. */
function recordStart(line: string, keyword: string): number {
  return findRecord(line, keyword);
}

/** The Megatron-LM stdout loader. */
export const megatronLoader: FormatLoader = {
  name: 'megatron',
  description: 'Megatron-LM stdout (iteration N/ T | key: value | ... lines, validation loss lines)',
  detect(probe: Probe): number {
    if (probe.isDirectory) return 0;
    return detectScore(countLines(probe.headText, (l) => {
      const i = recordStart(l, 'iteration ');
      if (i >= 0 && COUNTER_ANCHOR.test(l.slice(i))) return true;
      return recordStart(l, 'validation loss at ') >= 0;
    }));
  },
  async load(ctx: LoadContext): Promise<void> {
    const b = ctx.builder;
    const warnings = new LineWarnings(ctx);
    const opts = ctx.options;
    const run = new LogRun(ctx, 'megatron');
    let seqLength = opts.seqLength !== undefined && opts.seqLength > 0 ? opts.seqLength : NaN;
    const seqFromOption = !Number.isNaN(seqLength);
    let points = 0;
    let lastIter = NaN;
    let t0 = NaN;
    let inArgs = false;
    const lossId = b.metricId('train/loss');
    const dedupe = new RankDedupe(warnings, (m) => m.endsWith('loss'));
    const fieldCheck = new FieldSetCheck();

    const trainLine = (line: string, start: number, lineNo: number): void => {
      const segs = line.slice(start).split('|');
      const counter = COUNTER.exec(segs[0]!.trim());
      if (!counter) {
        warnings.skip(lineNo, `'${segs[0]!.trim()}' is not an iteration counter N/ T`, EXPECTED_TRAIN);
        return;
      }
      const step = Number(counter[1]);
      const fields: [string, number][] = [];
      const leftOut: string[] = [];
      let skipped = 0, nan = 0, samples = NaN, tokens = NaN, hasLoss = false, sawSkippedField = false, sawNanField = false;
      for (let k = 1; k < segs.length; k++) {
        const seg = segs[k]!;
        const c = seg.indexOf(':');
        if (c < 0) {
          if (seg.trim() !== '') leftOut.push(`'${seg.trim()}' (no "key: value")`);
          continue;
        }
        const key = seg.slice(0, c).trim();
        const raw = seg.slice(c + 1).trim();
        let name = TRAIN_NAMES[key];
        let scale = 1;
        if (name === undefined) {
          if (key === 'number of skipped iterations' || key === 'number of nan iterations') name = key;
          else if (key.startsWith('elapsed time per iteration')) {
            if (key.endsWith('(ms)')) name = 'iter_time_ms';
            else if (key.endsWith('(s)')) { name = 'iter_time_ms'; scale = 1000; }
          } else if (key.endsWith(' loss')) name = 'train/' + snake(key);
        }
        const v = parseNum(raw);
        if (name === undefined) {
          // A field this loader does not know: kept when it is a number, left out with a warning otherwise.
          const s = snake(key);
          if (v !== undefined && s) fields.push([s, v]);
          else if (key || raw) leftOut.push(`${key} '${raw}' (not a number)`);
          continue;
        }
        if (v === undefined) {
          warnings.skip(lineNo, `'${raw}' after '${key}:' is not a number`, EXPECTED_TRAIN);
          return;
        }
        if (name === 'number of skipped iterations') { skipped = v; sawSkippedField = true; }
        else if (name === 'number of nan iterations') { nan = v; sawNanField = true; }
        else {
          if (name === 'consumed_samples') samples = v;
          else if (name === 'consumed_tokens') tokens = v;
          else if (name === 'train/loss') hasLoss = true;
          fields.push([name, v * scale]);
        }
      }
      if (fields.length === 0 && skipped === 0 && nan === 0) {
        warnings.skip(lineNo, 'no "key: value" field after the iteration counter', EXPECTED_TRAIN);
        return;
      }
      const twice = repeatedKey(fields);
      if (twice !== undefined) {
        warnings.skip(lineNo, `field '${twice}' appears twice (two lines run together?)`, EXPECTED_TRAIN);
        return;
      }
      if (Number.isNaN(tokens)) tokens = samples * seqLength;
      const pre = start > 0 ? prefixInfo(line.slice(0, start)) : undefined;
      if (!dedupe.keep('train', step, pre?.tag ?? '', fields, lineNo)) return;
      if (!hasLoss && skipped === 0 && nan === 0 && !fields.some((f) => f[0].startsWith('train/'))) leftOut.push('no loss field');
      if (leftOut.length) warnings.damaged(lineNo, `${leftOut.join(', ')}: left out (expected ${EXPECTED_TRAIN})`);
      if (skipped === 0 && nan === 0) {
        const names = fields.map((f) => f[0]);
        if (sawSkippedField) names.push('number of skipped iterations');
        if (sawNanField) names.push('number of nan iterations');
        const miss = fieldCheck.missing('train', names, lineNo);
        if (miss) warnings.damaged(miss.line, cutLineMessage(miss.missing));
      }
      let time = NaN;
      if (pre && !Number.isNaN(pre.time)) {
        if (Number.isNaN(t0)) t0 = pre.time;
        time = pre.time - t0;
      }
      const r = run.index();
      b.meta(r).config.total_steps = Number(counter[2]);
      for (const [name, v] of fields) b.push(r, step, b.metricId(name), v, tokens, NaN, time);
      if (!hasLoss) {
        if (skipped > 0) b.push(r, step, lossId, NaN, tokens, NaN, time, Flag.skipped);
        else if (nan > 0) b.push(r, step, lossId, NaN, tokens, NaN, time);
      } else {
        // some iterations of the interval skipped or NaN, the loss of the others printed: keep the counts
        if (skipped > 0) b.push(r, step, b.metricId('skipped_iterations'), skipped, tokens, NaN, time);
        if (nan > 0) b.push(r, step, b.metricId('nan_iterations'), nan, tokens, NaN, time);
      }
      points += fields.length;
      warnings.record(lineNo);
      lastIter = step;
    };

    const validationLine = (line: string, start: number, lineNo: number): void => {
      const segs = line.slice(start).split('|');
      const desc = segs[0]!.trim();
      const at = VAL_AT_ITERATION.exec(desc);
      const step = at ? Number(at[1]) : /end of training/.test(desc) ? lastIter : NaN;
      if (Number.isNaN(step)) {
        warnings.skip(lineNo, `no iteration in '${desc}' and no training line before it`, EXPECTED_VAL);
        return;
      }
      const split = /\btest\b/.test(desc) ? 'test' : 'val';
      const fields: [string, number][] = [];
      const valueKeys: string[] = [];
      const pplKeys: string[] = [];
      for (let k = 1; k < segs.length; k++) {
        const seg = segs[k]!;
        const c = seg.indexOf(':');
        if (c < 0) continue;
        const key = seg.slice(0, c).trim();
        const raw = seg.slice(c + 1).trim();
        const v = parseNum(raw);
        if (v === undefined) {
          warnings.skip(lineNo, `'${raw}' after '${key}:' is not a number`, EXPECTED_VAL);
          return;
        }
        const lower = key.toLowerCase();
        if (lower.endsWith(' value')) valueKeys.push(lower.slice(0, -6));
        else if (lower.endsWith(' ppl')) pplKeys.push(lower.slice(0, -4));
        let name: string;
        if (lower === 'lm loss value' || lower === 'lm loss') name = 'loss';
        else if (lower === 'lm loss ppl' || lower === 'lm ppl') name = 'ppl';
        else if (lower.endsWith(' value')) name = snake(key.slice(0, -6));
        else if (lower.endsWith(' ppl')) name = snake(key.slice(0, -4)) + '_ppl';
        else name = snake(key);
        fields.push([`${split}/${name}`, v]);
      }
      if (fields.length === 0) {
        warnings.skip(lineNo, 'no "key: value" field', EXPECTED_VAL);
        return;
      }
      const twice = repeatedKey(fields);
      if (twice !== undefined) {
        warnings.skip(lineNo, `field '${twice}' appears twice (two lines run together?)`, EXPECTED_VAL);
        return;
      }
      if (!dedupe.keep(split, step, start > 0 ? (prefixInfo(line.slice(0, start))?.tag ?? '') : '', fields, lineNo)) return;
      const miss = fieldCheck.missingOf(split, fields, lineNo);
      if (miss) warnings.damaged(miss.line, cutLineMessage(miss.missing));
      // Megatron prints "<name> value" and "<name> PPL" for every loss: one without the other is a cut line
      const unpaired = [...valueKeys.filter((k) => !pplKeys.includes(k)).map((k) => `${k} PPL`), ...pplKeys.filter((k) => !valueKeys.includes(k)).map((k) => `${k} value`)];
      if (unpaired.length) warnings.damaged(lineNo, `${unpaired.join(', ')} missing (Megatron prints a loss's value and PPL together): the line may be cut or damaged`);
      const r = run.index();
      for (const [name, v] of fields) b.push(r, step, b.metricId(name), v);
      points += fields.length;
      warnings.record(lineNo);
    };

    const argsLine = (line: string): void => {
      const d = line.indexOf(' ..');
      if (d < 0) return;
      let e = d + 1;
      while (line.charCodeAt(e) === 46 /* . */) e++;
      const key = line.slice(line.lastIndexOf(' ', d - 1) + 1, d);
      if (!CONFIG_ARGS.has(key)) return;
      const value = pythonValue(line.slice(e).trim());
      run.setConfig(key, value);
      if (key === 'seq_length' && !seqFromOption && typeof value === 'number' && value > 0) seqLength = value;
    };

    const scan = await forEachLine(ctx.path, (line, lineNo) => {
      if (inArgs) {
        if (line.includes('end of arguments')) {
          inArgs = false;
          if (line.includes('|') && NEAR.test(line)) warnings.skip(lineNo, 'the line carries Megatron fields but does not start like a record', EXPECTED);
          return;
        }
        // a line that is not "key .... value" ends the dump (its end marker may be damaged or missing)
        if (line.includes(' ..')) {
          argsLine(line);
          return;
        }
        inArgs = false;
      }
      let i = recordStart(line, 'iteration ');
      if (i >= 0) {
        trainLine(line, i, lineNo);
        return;
      }
      i = recordStart(line, 'validation loss at ');
      if (i >= 0) {
        validationLine(line, i, lineNo);
        return;
      }
      if (line.includes('-- arguments --')) inArgs = true;
      else if (line.includes('|') && NEAR.test(line)) warnings.skip(lineNo, 'the line carries Megatron fields but does not start like a record', EXPECTED);
    });
    warnings.finish(scan);
    if (points === 0) throw noRecognisedLine(ctx.path, EXPECTED, warnings);
  },
};
