/**
 * The variants real users' files come in (issue 9), each from a file written here in that variant's shape:
 * Keras CSVLogger, LLaMA-Factory trainer_log.jsonl, HF trainer_state.json with NaN/Infinity or a BOM, W&B
 * runs-table exports (current and older layout), W&B chart exports whose x-axis is not "Step", duplicate
 * column names.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';
import { parsePythonJson } from '../../../src/load/tabular/pyjson.js';
import { dedupeNames } from '../../../src/load/tabular/damage.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-variants-'));
let k = 0;
function file(name: string, content: string): string {
  const d = join(dir, String(k++));
  mkdirSync(d, { recursive: true });
  const p = join(d, name);
  writeFileSync(p, content);
  return p;
}

describe('common step names', () => {
  it('Keras CSVLogger: epoch is the step', async () => {
    const rs = await load(file('training.log.csv', 'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5123,1.3862,0.6001,1.1002\n1,0.6412,1.0517,0.6603,0.9871\n2,0.7034,0.8846,0.6842,0.9120\n'));
    expect(rs.metricNames()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    const c = rs.curve(rs.runs[0]!.id, 'val_loss')!;
    expect([...c.step]).toEqual([0, 1, 2]);
    expect([...c.value]).toEqual([1.1002, 0.9871, 0.912]);
    expect(rs.warnings).toEqual([]);
  });

  it('a table with both step and epoch keeps epoch as a metric', async () => {
    const rs = await load(file('m.csv', 'epoch,step,loss\n0,10,2.5\n0,20,2.25\n'));
    expect(rs.metricNames()).toEqual(['epoch', 'loss']);
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.step]).toEqual([10, 20]);
  });

  it.each(['global_step', 'iter', 'iteration', 'trainer/global_step', '_step', 'current_steps'])('%s is a step column', async (name) => {
    const rs = await load(file('x.csv', `${name},loss\n5,2.5\n10,2.0\n`));
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.step]).toEqual([5, 10]);
  });

  it('LLaMA-Factory trainer_log.jsonl: current_steps is the step, total_tokens the tokens, elapsed_time the time; other numbers are metrics', async () => {
    const lines = [
      '{"current_steps": 5, "total_steps": 30, "loss": 2.0512, "lr": 4.9e-05, "epoch": 0.17, "percentage": 16.67, "elapsed_time": "0:00:14", "remaining_time": "0:01:10", "throughput": 1203.45, "total_tokens": 16896}',
      '{"current_steps": 10, "total_steps": 30, "loss": 1.7834, "lr": 4.3e-05, "epoch": 0.33, "percentage": 33.33, "elapsed_time": "0:00:27", "remaining_time": "0:00:54", "throughput": 1229.1, "total_tokens": 33792}',
      '{"current_steps": 10, "total_steps": 30, "eval_loss": 1.8001, "epoch": 0.33, "percentage": 33.33, "elapsed_time": "0:00:31", "remaining_time": "0:01:02"}',
      '{"current_steps": 30, "total_steps": 30, "loss": 1.2003, "lr": 0.0, "epoch": 1.0, "percentage": 100.0, "elapsed_time": "1:02:03", "remaining_time": "0:00:00", "throughput": 1240.0, "total_tokens": 101376}',
    ];
    const rs = await load(file('trainer_log.jsonl', lines.join('\n') + '\n'));
    const id = rs.runs[0]!.id;
    expect(rs.metricNames()).toEqual(['total_steps', 'loss', 'lr', 'epoch', 'percentage', 'throughput', 'eval_loss']);
    const loss = rs.curve(id, 'loss')!;
    expect([...loss.step]).toEqual([5, 10, 30]);
    expect([...loss.value]).toEqual([2.0512, 1.7834, 1.2003]);
    expect([...loss.tokens]).toEqual([16896, 33792, 101376]);
    expect([...loss.time]).toEqual([14, 27, 3723]);
    expect([...rs.curve(id, 'eval_loss')!.step]).toEqual([10]);
    // remaining_time is text: one warning, not a metric
    expect(rs.warnings.map((w) => w.message)).toEqual(["key 'remaining_time' is not numeric: skipped"]);
  });

  it('the missing-step error names the option and the CLI flag', async () => {
    const e = await load(file('n.csv', 'a,b\n1,2\n')).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(LoadError);
    expect((e as Error).message).toMatch(/stepColumn \(CLI: --step-column\)/);
    const e2 = await load(file('n.csv', 'a,b\n1,2\n'), { stepColumn: 'zz' }).then(() => undefined, (x: unknown) => x);
    expect((e2 as Error).message).toMatch(/'zz' \(stepColumn, CLI --step-column\)/);
    const e3 = await load(file('n.jsonl', '{"a": 1}\n')).then(() => undefined, (x: unknown) => x);
    expect((e3 as Error).message).toMatch(/--step-column/);
  });
});

describe('Hugging Face trainer_state.json as Python writes it', () => {
  const state = (history: string) => `{
  "best_metric": null,
  "epoch": 0.5,
  "global_step": 30,
  "log_history": [
${history}
  ],
  "max_steps": 60,
  "train_batch_size": 8
}
`;
  it('NaN, Infinity and -Infinity (a diverged run) load as non-finite points, flagged', async () => {
    const p = file('trainer_state.json', state(`    {"epoch": 0.1, "grad_norm": 3.5, "learning_rate": 5e-05, "loss": 2.5, "step": 10},
    {"epoch": 0.2, "grad_norm": Infinity, "learning_rate": 4e-05, "loss": NaN, "step": 20},
    {"epoch": 0.3, "grad_norm": NaN, "learning_rate": 3e-05, "loss": -Infinity, "step": 30}`));
    const rs = await load(p);
    const id = rs.runs[0]!.id;
    const loss = rs.curve(id, 'loss')!;
    expect([...loss.step]).toEqual([10, 20, 30]);
    expect(loss.value[0]).toBe(2.5);
    expect(loss.value[1]).toBeNaN();
    expect(loss.value[2]).toBe(-Infinity);
    expect([...loss.flag]).toEqual([0, 1, 1]);
    expect(rs.curve(id, 'grad_norm')!.value[1]).toBe(Infinity);
    expect(rs.runs[0]!.nonFinite).toBe(4);
    expect(rs.runs[0]!.config).toMatchObject({ global_step: 30, max_steps: 60, train_batch_size: 8 });
  });

  it('a UTF-8 BOM is skipped', async () => {
    const rs = await load(file('trainer_state.json', '\ufeff' + state('    {"loss": 2.5, "step": 10}')));
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.value]).toEqual([2.5]);
  });

  it('an entry with a bad step is refused with a warning, the rest load', async () => {
    const rs = await load(file('trainer_state.json', state('    {"loss": 2.5, "step": 10},\n    {"loss": 2.0, "step": -5},\n    {"loss": 1.5, "step": 30}')));
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.step]).toEqual([10, 30]);
    expect(rs.warnings).toMatchObject([{ skipped: 1, message: expect.stringMatching(/log_history\[1\]: step -5 is negative/) }]);
  });

  it('parsePythonJson leaves strings alone and still refuses what is not JSON', () => {
    expect(parsePythonJson('{"a": "NaN", "b": [NaN, -Infinity, Infinity], "c": "x\\"NaN"}')).toEqual({ a: 'NaN', b: [NaN, -Infinity, Infinity], c: 'x"NaN' });
    expect(() => parsePythonJson('{"a": nan}')).toThrow(SyntaxError);
    expect(() => parsePythonJson('{"a": NaNx}')).toThrow(SyntaxError);
  });
});

describe('duplicate column names', () => {
  it('are renamed as pandas does and both kept, with a warning', async () => {
    const rs = await load(file('d.csv', 'step,loss,loss,loss.1\n1,2.5,3.5,4.5\n'));
    expect(rs.metricNames()).toEqual(['loss', 'loss.2', 'loss.1']);
    const id = rs.runs[0]!.id;
    expect(rs.curve(id, 'loss')!.value[0]).toBe(2.5);
    expect(rs.curve(id, 'loss.2')!.value[0]).toBe(3.5);
    expect(rs.curve(id, 'loss.1')!.value[0]).toBe(4.5);
    expect(rs.warnings.map((w) => w.message)).toEqual(["duplicate column names: 'loss' (column 3) read as 'loss.2'; both columns are kept"]);
  });

  it('dedupeNames matches pandas on plain repeats', () => {
    // pandas.read_csv(io.StringIO('a,a,a,b\n1,2,3,4')).columns -> ['a', 'a.1', 'a.2', 'b']
    expect(dedupeNames(['a', 'a', 'a', 'b'], () => undefined)).toEqual(['a', 'a.1', 'a.2', 'b']);
  });
});
