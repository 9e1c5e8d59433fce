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

describe('W&B runs-table exports', () => {
  it('current layout (Name, Created, Runtime, End Time, ID, Notes, ..., no State): id from ID, fixed columns as wandb.* config', async () => {
    const p = file('wandb_export_2025.csv', [
      '"Name","Created","Runtime","End Time","ID","Notes","Hostname","Tags","learning_rate","n_layer","seed","eval/loss","train/loss"',
      '"baseline","2025-03-01T10:00:00.000Z","3600","2025-03-01T11:00:00.000Z","a1b2c3d4","-","node-1","","0.0006","12","1","3.2101","3.1502"',
      '"baseline","2025-03-01T10:05:00.000Z","3550","2025-03-01T11:04:10.000Z","e5f6g7h8","rerun","node-2","ablation","0.0006","12","2","3.2203","3.1611"',
    ].join('\n') + '\n');
    const rs = await load(p, { configColumns: ['learning_rate', 'n_layer', 'seed'] });
    expect(rs.runs.map((r) => [r.id, r.name, r.seed])).toEqual([['a1b2c3d4', 'baseline', 1], ['e5f6g7h8', 'baseline', 2]]);
    expect(rs.runs[0]!.format).toBe('wandb-runs');
    expect(rs.runs[0]!.summary).toEqual({ 'eval/loss': 3.2101, 'train/loss': 3.1502, _runtime: 3600 });
    expect(rs.runs[1]!.config).toEqual({
      learning_rate: 0.0006, n_layer: 12, seed: 2, 'wandb.notes': 'rerun', 'wandb.tags': 'ablation', 'wandb.created': '2025-03-01T10:05:00.000Z',
      'wandb.end_time': '2025-03-01T11:04:10.000Z', 'wandb.id': 'e5f6g7h8', 'wandb.hostname': 'node-2',
    });
    expect(rs.runs[0]!.state).toBeUndefined();
  });

  it('older layout (Name, State, ...) still loads, with its state', async () => {
    const rs = await load(file('runs.csv', '"Name","State","Notes","User","Tags","Created","Runtime","Sweep","lr","val_loss"\n"r1","finished","-","me","","2024-01-01","120","","0.001","2.5"\n'));
    expect(rs.runs.map((r) => [r.id, r.state, r.summary])).toEqual([['r1', 'finished', { lr: 0.001, val_loss: 2.5, _runtime: 120 }]]);
  });

  it('a damaged row is refused with a warning naming its line; the others load', async () => {
    const rs = await load(file('runs.csv', '"Name","State","lr"\n"r1","finished","0.1"\n"r2","finished"\n"r3","crashed","0.2"\n'));
    expect(rs.runs.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(rs.warnings.filter((w) => w.skipped)).toMatchObject([{ line: 3, skipped: 1 }]);
  });
});

describe('W&B chart exports whose x-axis is not "Step"', () => {
  const runs = ['PPO_CartPole_00000', 'PPO_CartPole_00001'];
  const header = (x: string, m: string) => [x, ...runs.flatMap((r) => [`${r} - ${m}`, `${r} - ${m}__MIN`, `${r} - ${m}__MAX`])].map((c) => `"${c}"`).join(',');

  it.each([
    ['evaluations', 'eval/episode_reward_mean'],
    ['ray/tune/info/num_steps_sampled', 'ray/tune/episode_reward_mean'],
    ['_step', 'train/loss'],
    ['global_step', 'train/loss'],
  ])('x-axis %s: one run per <run>, the bands kept as band metrics', async (x, m) => {
    const rows = [
      '"4000","21.5","20.1","23.0","19.0","18.5","19.5"',
      '"8000","35.25","33.0","37.5","","",""',
      '"12000","60.0","60.0","60.0","41.0","40.0","42.5"',
    ];
    const rs = await load(file('wandb_export.csv', header(x, m) + '\n' + rows.join('\n') + '\n'));
    expect(rs.runs.map((r) => [r.id, r.format])).toEqual(runs.map((r) => [r, 'wandb-chart']));
    expect(rs.metricNames()).toEqual([m, `${m}__min`, `${m}__max`]);
    const a = rs.curve(runs[0]!, m)!;
    expect([...a.step]).toEqual([4000, 8000, 12000]);
    expect([...a.value]).toEqual([21.5, 35.25, 60]);
    expect([...rs.curve(runs[0]!, `${m}__min`)!.value]).toEqual([20.1, 33, 60]);
    expect([...rs.curve(runs[1]!, `${m}__max`)!.value]).toEqual([19.5, 42.5]);
    expect([...rs.curve(runs[1]!, m)!.step]).toEqual([4000, 12000]);
    expect(rs.warnings).toEqual([]);
  });

  it('a time axis: the row number is the step, the x value the time, with a warning', async () => {
    const rs = await load(file('wandb_export.csv', header('Relative Time (Process)', 'loss') + '\n"12.5","3","3","3","4","4","4"\n"25.75","2","2","2","3","3","3"\n'));
    const c = rs.curve(runs[0]!, 'loss')!;
    expect([...c.step]).toEqual([0, 1]);
    expect([...c.time]).toEqual([12.5, 25.75]);
    expect(rs.metricNames()).toEqual(['loss']); // the constant bands were dropped with a note
    expect(rs.warnings.map((w) => w.message).join('\n')).toMatch(/x-axis 'Relative Time \(Process\)' is a time axis: the step of each point is its row number/);
  });

  it('a fractional x-axis (epoch) is kept as a metric, the row number is the step', async () => {
    const rs = await load(file('wandb_export.csv', header('epoch', 'loss') + '\n"0.5","3","2.5","3.5","4","4","4"\n"1.5","2","1.5","2.5","3","3","3"\n'));
    expect([...rs.curve(runs[1]!, 'epoch')!.value]).toEqual([0.5, 1.5]);
    expect([...rs.curve(runs[0]!, 'loss')!.step]).toEqual([0, 1]);
  });

  it('stepColumn picks the x column; a name not in the header says which option', async () => {
    const text = '"evaluations","a - loss","b - loss"\n"1","2","3"\n"2","1","2"\n';
    const rs = await load(file('wandb_export.csv', text), { stepColumn: 'EVALUATIONS' });
    expect([...rs.curve('b', 'loss')!.step]).toEqual([1, 2]);
    const e = await load(file('wandb_export.csv', text), { stepColumn: 'Step' }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(LoadError);
    expect((e as Error).message).toMatch(/no column 'Step'.*stepColumn, CLI --step-column/);
  });

  it('read as a plain CSV (forced), a chart export warns that its runs merge into one', async () => {
    const rs = await load(file('wandb_export.csv', '"evaluations","a - loss","b - loss"\n"1","2","3"\n'), { format: 'csv', stepColumn: 'evaluations' });
    expect(rs.runs).toHaveLength(1);
    expect(rs.warnings.map((w) => w.message).join()).toMatch(/W&B chart export.*--format wandb-chart/);
  });

  it('damaged rows are refused with a warning; bad steps too', async () => {
    const rs = await load(file('wandb_export.csv', '"Step","a - loss"\n"1","2"\n"2","x"\n"-3","1"\n"4","0.5"\n"5","0.25"\n"6","0.2"\n"7","0.1"\n"8","0.1"\n"9","0.1"\n"10","0.1"\n"11","0.1"\n'));
    expect([...rs.curve('a', 'loss')!.step]).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(rs.warnings.filter((w) => w.skipped).map((w) => w.line)).toEqual([3, 4]);
  });
});

describe('a CSV under another name', () => {
  it("Keras CSVLogger('training.log') is recognised from its content", async () => {
    const rs = await load(file('training.log', 'epoch,accuracy,loss,lr,val_accuracy,val_loss\n0,0.8412,0.5231,0.001,0.8801,0.3342\n1,0.8934,0.3310,0.001,0.8935,0.2987\n'));
    expect(rs.runs[0]!.format).toBe('csv');
    expect([...rs.curve(rs.runs[0]!.id, 'val_loss')!.value]).toEqual([0.3342, 0.2987]);
  });
  it('a text log with commas is not taken for a CSV', async () => {
    const { looksLikeCsv } = await import('../../../src/load/tabular/generic.js');
    expect(looksLikeCsv('step 1, loss 2.5\nstep 2, loss 2.4\n')).toBe(false);
    expect(looksLikeCsv('epoch,loss\n0,1.5\n')).toBe(true);
    expect(looksLikeCsv('a,b\n0,1.5\n')).toBe(false);
  });
});

describe('numbers and endings in every delimited loader', () => {
  it('TSV: a truncated last line (6.1297 cut to 6.129, no newline) is kept and flagged with its line', async () => {
    const rs = await load(file('m.tsv', 'step\tloss\n10\t6.5012\n20\t6.129'));
    expect([...rs.curves()[0]!.value]).toEqual([6.5012, 6.129]);
    expect(rs.warnings).toMatchObject([{ line: 3, message: expect.stringMatching(/no newline/) }]);
  });

  it('CSV: a step above 2^53 loads with one warning that it may be rounded', async () => {
    const rs = await load(file('big.csv', 'step,loss\n9007199254740993,1\n9007199254740995,2\n'));
    expect(rs.numPoints).toBe(2);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]).toMatchObject({ line: 2, message: expect.stringMatching(/above 2\^53/) });
  });

  it('W&B runs table and chart: a last line without newline is flagged too', async () => {
    const r = await load(file('runs.csv', '"Name","State","lr"\n"a","finished","0.1"\n"b","finished","0.2"'));
    expect(r.warnings.map((w) => w.line)).toContain(3);
    const c = await load(file('chart.csv', '"Step","a - loss"\n"1","2"\n"2","1.5"'));
    expect(c.warnings).toMatchObject([{ line: 3, message: expect.stringMatching(/no newline/) }]);
  });

  it('more than 50 damaged rows: 50 warnings, then one that counts the rest; every row is counted', async () => {
    let text = 'step,loss\n';
    for (let i = 0; i < 120; i++) text += i % 2 ? `${i},x\n` : `${i},1\n`;
    const rs = await load(file('many.csv', text));
    expect(rs.numPoints).toBe(60);
    const skipped = rs.warnings.filter((w) => w.skipped);
    expect(skipped).toHaveLength(51);
    expect(skipped.reduce((a, w) => a + w.skipped!, 0)).toBe(60);
    expect(skipped[50]!.message).toMatch(/10 more damaged row\(s\) not loaded \(lines 103\.\.121/);
  });
});

describe('JSONL whose first line is not a metric line', () => {
  it('a config line first: refused with a warning, the metric lines load', async () => {
    const rs = await load(file('log.jsonl', '{"config": {"lr": 0.001, "n_layer": 12}}\n{"step": 1, "loss": 2.5}\n{"step": 2, "loss": 2.25}\n'));
    expect([...rs.curves()[0]!.value]).toEqual([2.5, 2.25]);
    expect(rs.warnings).toMatchObject([{ line: 1, skipped: 1, message: expect.stringMatching(/no step key in \{config\/lr, config\/n_layer\}/) }]);
  });
  it('no step key anywhere: a LoadError naming the first line and --step-column', async () => {
    let text = '';
    for (let i = 0; i < 30; i++) text += `{"idx": ${i}, "loss": 1}\n`;
    const e = await load(file('x.jsonl', text)).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(LoadError);
    expect((e as LoadError).line).toBe(1);
    expect((e as Error).message).toMatch(/no step key in the first 20 objects.*--step-column/);
  });
});

describe('one JSON document with a history', () => {
  it('Keras history.history dumped by json.dump: one metric per list, the epoch index as step', async () => {
    const rs = await load(file('history.json', '{"loss": [0.5231, 0.331, NaN], "accuracy": [0.8412, 0.8934, 0.9012], "val_loss": [0.3342, 0.2987, 0.3011], "lr": [0.001, 0.001, 0.0005]}'));
    expect(rs.runs[0]!.format).toBe('json');
    expect(rs.metricNames()).toEqual(['loss', 'accuracy', 'val_loss', 'lr']);
    const c = rs.curve(rs.runs[0]!.id, 'loss')!;
    expect([...c.step]).toEqual([0, 1, 2]);
    expect(c.value[2]).toBeNaN();
    expect([...rs.curve(rs.runs[0]!.id, 'val_loss')!.value]).toEqual([0.3342, 0.2987, 0.3011]);
  });

  it('an epoch list, when present, is the step', async () => {
    const rs = await load(file('history.json', '{"epoch": [1, 2], "loss": [2.5, 2.0]}'));
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.step]).toEqual([1, 2]);
    expect(rs.metricNames()).toEqual(['loss']);
  });

  it('an array of records (wide, with run names) and its damaged records', async () => {
    const rs = await load(file('metrics.json', '[{"run": "a", "step": 10, "loss": 2.5}, {"run": "b", "step": 10, "loss": 2.7}, {"run": "a", "step": -1, "loss": 9}, 7, {"run": "a", "step": 20, "loss": 2.25}]'));
    expect(rs.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect([...rs.curve('a', 'loss')!.value]).toEqual([2.5, 2.25]);
    expect(rs.warnings.map((w) => [w.message, w.skipped])).toEqual([['record [2]: step -1 is negative: not loaded', 1], ['record [3]: not an object: not loaded', 1]]);
  });

  it('trainer_state.json and JSON Lines under .json keep their own loaders', async () => {
    const hf = await load(file('trainer_state.json', '{"log_history": [{"loss": 2, "step": 1}], "global_step": 1}'));
    expect(hf.runs[0]!.format).toBe('hf-trainer');
    const jl = await load(file('log.json', '{"step": 1, "loss": 2}\n{"step": 2, "loss": 1}\n'));
    expect(jl.runs[0]!.format).toBe('jsonl');
  });
});

describe('a file with nothing loadable names its first problem in the error', () => {
  it('HF trainer_state, JSON records, CSV', async () => {
    const e1 = await load(file('trainer_state.json', '{"log_history": [{"loss": 2, "step": -1}, 5]}')).then(() => undefined, (x: unknown) => x);
    expect((e1 as Error).message).toMatch(/none of the 2 log_history entries could be loaded; the first: log_history\[0\]: step -1 is negative/);
    const e2 = await load(file('r.json', '[{"step": "a", "loss": 1}]')).then(() => undefined, (x: unknown) => x);
    expect((e2 as Error).message).toMatch(/none of the 1 records could be loaded; the first: record \[0\]: no number in key step/);
    const e3 = await load(file('c.csv', 'step,loss\nx,1\n')).then(() => undefined, (x: unknown) => x);
    expect(e3).toBeInstanceOf(LoadError);
    expect((e3 as Error).message).toMatch(/c\.csv:2: none of the 1 row\(s\) could be loaded; the first: 'x' is not a number in column step/);
  });
});

describe('one refusal per damaged row', () => {
  it('a row with several bad cells is counted once', async () => {
    const rs = await load(file('l.csv', 'run,step,metric,value,tokens,time\na,1,loss,2,100,1.5\na,2,loss,1.5,xx,yy\n'));
    expect(rs.warnings.filter((w) => w.skipped).map((w) => [w.line, w.skipped])).toEqual([[3, 1]]);
    const w = await load(file('w.csv', 'step,tokens,time,loss\n1,100,1.5,2\n2,xx,yy,1\n'));
    expect(w.warnings.filter((x) => x.skipped).map((x) => [x.line, x.skipped])).toEqual([[3, 1]]);
  });
});
