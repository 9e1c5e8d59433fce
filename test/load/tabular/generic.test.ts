/** Generic CSV / TSV / JSONL, synthetic MLflow trees and a synthetic W&B history Parquet, through load(). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';
import { parseNumber, numberFailed, splitChartColumns } from '../../../src/load/tabular/index.js';
import { Flag } from '../../../src/runs/types.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-tabular-'));
let k = 0;
function file(name: string, content: string | Uint8Array): string {
  const d = join(dir, String(k++));
  mkdirSync(d, { recursive: true });
  const p = join(d, name);
  writeFileSync(p, content);
  return p;
}
async function loadErr(p: string, opts = {}): Promise<LoadError> {
  try {
    await load(p, opts);
  } catch (e) {
    if (e instanceof LoadError) return e;
    throw e;
  }
  throw new Error('expected a LoadError');
}

describe('generic CSV', () => {
  it('long form: case-insensitive names, quoting, CRLF, BOM, empty = missing, nan/inf kept and flagged', async () => {
    const p = file('l.csv', '\ufeffRun,Step,Metric,Value,Tokens\r\n"a, 1",1,loss,2.5,100\r\n"a, 1",2,loss,NaN,200\r\n"b ""q""",1,loss,,\r\n"b ""q""",2,loss,-inf,\r\n"b ""q""",3,"multi\nline",1e-3,');
    const rs = await load(p);
    expect(rs.runs.map((r) => r.id)).toEqual(['a, 1', 'b "q"']);
    const a = rs.curve('a, 1', 'loss')!;
    expect([...a.step]).toEqual([1, 2]);
    expect(a.value[0]).toBe(2.5);
    expect(a.value[1]).toBeNaN();
    expect([...a.flag]).toEqual([Flag.ok, Flag.nonFinite]);
    expect([...a.tokens]).toEqual([100, 200]);
    const b = rs.curve('b "q"', 'loss')!;
    expect([...b.step]).toEqual([2]); // the empty value at step 1 is missing, not a point
    expect(b.value[0]).toBe(-Infinity);
    expect(rs.curve('b "q"', 'multi\nline')!.value[0]).toBe(0.001);
    expect(rs.run('a, 1')!.nonFinite).toBe(1);
  });

  it('wide form without a run column is one run; runColumn/stepColumn override', async () => {
    const rs = await load(file('w.csv', 'it,loss,acc\n0,3.5,\n10,3.25,0.5\n'), { stepColumn: 'it' });
    expect(rs.runs).toHaveLength(1);
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.value]).toEqual([3.5, 3.25]);
    expect([...rs.curve(rs.runs[0]!.id, 'acc')!.step]).toEqual([10]);
    const rs2 = await load(file('w2.csv', 'cfg,step,loss\nx,1,2\ny,1,3\nx,2,1\n'), { runColumn: 'cfg' });
    expect(rs2.runs.map((r) => r.id)).toEqual(['x', 'y']);
    expect([...rs2.curve('x', 'loss')!.value]).toEqual([2, 1]);
  });

  it('a last line without newline is kept but flagged (it may be cut short)', async () => {
    const rs = await load(file('t.csv', 'step,loss\n1,2.5\n2,2.25'));
    expect([...rs.curves()[0]!.value]).toEqual([2.5, 2.25]);
    expect(rs.warnings).toHaveLength(1);
    expect(rs.warnings[0]).toMatchObject({ line: 3, message: expect.stringMatching(/last line has no newline/) });
    expect(rs.warnings[0]!.skipped).toBeUndefined();
    // one line, or every line ended: nothing to flag
    expect((await load(file('t1.csv', 'step,loss'))).warnings).toEqual([]);
    expect((await load(file('t2.csv', 'step,loss\n1,2.5\n'))).warnings).toEqual([]);
  });

  it('errors name file, line and what was expected; a damaged row is a warning naming file:line', async () => {
    const w1 = await load(file('e1.csv', 'run,step,metric,value\na,1,loss,1\na,x1,loss,2\n'));
    expect(w1.warnings.map((w) => [w.line, w.message, w.skipped])).toEqual([[3, "'x1' is not a number in column step: row not loaded", 1]]);
    expect(w1.warnings[0]!.file).toMatch(/e1\.csv$/);
    const w2 = await load(file('e2.csv', 'step,loss\n1,2\n2,"3\n'));
    expect(w2.warnings.find((w) => w.skipped)).toMatchObject({ line: 3, message: expect.stringMatching(/quoted field opened on this line is not closed/) });
    const e3 = await loadErr(file('e3.csv', 'step,loss\n1,2,3\n'));
    expect(e3.message).toMatch(/none of the 1 row\(s\) could be loaded; the first: found 3 fields where the header has 2/);
    expect(e3.line).toBe(2);
    const e4 = await loadErr(file('e4.csv', 'a,b\n1,2\n'));
    expect(e4.expected).toMatch(/step column .*stepColumn \(CLI: --step-column\)/);
    const w5 = await load(file('e5.csv', 'step,loss\n1,2\n2,oops\n3,1\n'));
    expect(w5.warnings.map((w) => [w.line, w.skipped])).toEqual([[3, 1]]);
    expect(w5.warnings[0]!.message).toMatch(/'oops' is not a number in column loss \(it held numbers before\)/);
    expect([...w5.curves()[0]!.step]).toEqual([1, 3]);
  });

  it('a text column in a wide table is skipped with a warning naming it', async () => {
    const rs = await load(file('txt.csv', 'step,note,loss\n1,hello,2\n2,,1\n'));
    expect(rs.metricNames()).toEqual(['loss']);
    expect(rs.warnings.some((w) => w.message.includes("'note'"))).toBe(true);
  });

  it('streams files larger than one 4 MiB chunk: runs and metrics recognised across chunks', async () => {
    const lines = ['run,step,metric,value'];
    for (let i = 0; i < 200_000; i++) lines.push(`run_${i % 3},${i},m${i % 4},${(i % 1000) / 8}`);
    const rs = await load(file('big.csv', lines.join('\n')));
    expect(rs.runs.map((r) => r.id)).toEqual(['run_0', 'run_1', 'run_2']);
    expect(rs.numPoints).toBe(200_000);
    const c = rs.curve('run_1', 'm3')!;
    expect(c.step[0]).toBe(7);
    expect(c.value[c.value.length - 1]).toBe((199_999 % 1000) / 8);
  });

  it('TSV', async () => {
    const rs = await load(file('t.tsv', 'step\tloss\n1\t0.5\n'));
    expect(rs.curves()[0]!.value[0]).toBe(0.5);
  });
});

describe('parseNumber', () => {
  it('agrees with Number() on decimals, including ones past the fast path', () => {
    const cases = ['0', '-0', '1', '3.2786', '10.944732666015625', '1e-3', '1.5E+10', '.5', '5.', '123456789012345', '1234567890123456789', '0.1', '0.30000000000000004', '9007199254740993', '1e22', '1e23', '2.2250738585072014e-308', '4.9e-324', '1e400', '  7 '];
    for (const c of cases) {
      const b = Buffer.from(c);
      const v = parseNumber(b, 0, b.length);
      expect(numberFailed(), c).toBe(false);
      expect(Object.is(v, Number(c)), `${c}: ${v} vs ${Number(c)}`).toBe(true);
    }
    for (const bad of ['', '-', '1e', '0x10', '1,5', 'abc', '1.2.3', '--1']) {
      parseNumber(Buffer.from(bad), 0, bad.length);
      expect(numberFailed(), bad).toBe(true);
    }
  });
});

describe('JSONL', () => {
  it('wide: flat fast path, Python NaN/Infinity, nested objects flattened, null missing', async () => {
    const p = file('w.jsonl', '{"step": 1, "loss": 2.5, "lr": NaN}\n{"step": 2, "loss": -Infinity, "eval": {"acc": 0.5}, "lr": null}\r\n\n{"step":3,"loss":1e-2,"note":"x\\"y"}\n');
    const rs = await load(p);
    const id = rs.runs[0]!.id;
    expect([...rs.curve(id, 'loss')!.value]).toEqual([2.5, -Infinity, 0.01]);
    expect(rs.curve(id, 'lr')!.value[0]).toBeNaN();
    expect(rs.curve(id, 'lr')!.step.length).toBe(1);
    expect([...rs.curve(id, 'eval/acc')!.step]).toEqual([2]);
    expect(rs.warnings.some((w) => w.message.includes("'note'"))).toBe(true);
  });

  it('long form with runs', async () => {
    const rs = await load(file('l.jsonl', '{"run": "a", "step": 1, "metric": "loss", "value": 3}\n{"run": "b", "step": 1, "metric": "loss", "value": 4, "tokens": 1000}\n{"run": "a", "step": 2, "metric": "loss", "value": null}\n'));
    expect(rs.runs.map((r) => r.id)).toEqual(['a', 'b']);
    expect([...rs.curve('a', 'loss')!.value]).toEqual([3]);
    expect(rs.curve('b', 'loss')!.tokens[0]).toBe(1000);
  });

  it('a broken line is refused with a warning naming its line; nothing loadable is a LoadError', async () => {
    const rs = await load(file('b.jsonl', '{"step": 1, "loss": 2}\n{"step": 2, "loss": \n[1, 2]\n{"step": 3, "loss": 1}\n'));
    expect([...rs.curves()[0]!.step]).toEqual([1, 3]);
    expect(rs.warnings.map((w) => [w.line, w.skipped])).toEqual([[2, 1], [3, 1]]);
    expect(rs.warnings[0]!.message).toMatch(/not valid JSON/);
    expect(rs.warnings[1]!.message).toMatch(/not a JSON object/);
    const e = await loadErr(file('c.jsonl', '{"step": 1, "loss": \n[1, 2]\n'));
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/none of the 2 row\(s\) could be loaded/);
  });

  it('steps that are not non-negative integers are refused per line; above 2^53 warned', async () => {
    const rs = await load(file('s.jsonl', '{"step": 1, "loss": 2}\n{"step": Infinity, "loss": 3}\n{"step": 1e400, "loss": 3}\n{"step": -1, "loss": 3}\n{"step": 2.5, "loss": 3}\n{"step": "7", "loss": 3}\n{"step": 9007199254740993, "loss": 1}\n'));
    expect([...rs.curves()[0]!.step]).toEqual([1, 9007199254740992]);
    expect(rs.warnings.map((w) => [w.line, w.skipped ?? 0])).toEqual([[2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 0]]);
    expect(rs.warnings[5]!.message).toMatch(/above 2\^53/);
  });

  it('a line nested 5,000 levels deep is a warning for that line, never a RangeError', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const rs = await load(file('deep.jsonl', `{"step": 1, "loss": 2}\n${deep}\n{"step": 2, "loss": 1}\n`));
    expect(rs.numPoints).toBe(2);
    expect(rs.warnings).toMatchObject([{ line: 2, skipped: 1, message: expect.stringMatching(/nested deeper than 64 levels/) }]);
    // 63 levels is a metric with a long name
    const ok = await load(file('ok.jsonl', `{"step": 1, "x": ${'{"a":'.repeat(62)}1${'}'.repeat(62)}}\n`));
    expect(ok.metricNames()).toEqual(['x' + '/a'.repeat(62)]);
  });

  it('a last line without newline is kept and flagged; Python NaN/Infinity and a BOM are read', async () => {
    const rs = await load(file('t.jsonl', '\ufeff{"step": 1, "loss": NaN}\n{"step": 2, "loss": -Infinity}\n{"step": 3, "loss": 6.129}'));
    const c = rs.curves()[0]!;
    expect([...c.step]).toEqual([1, 2, 3]);
    expect(c.value[0]).toBeNaN();
    expect(c.value[1]).toBe(-Infinity);
    expect(c.value[2]).toBe(6.129);
    expect(rs.warnings).toMatchObject([{ line: 3, message: expect.stringMatching(/no newline/) }]);
  });
});

describe('W&B chart column split', () => {
  it('uses the metric every column shares, else the last " - "', () => {
    expect(splitChartColumns(['a - b - train/loss', 'c - train/loss', 'c - train/loss__MIN'])).toEqual([
      { run: 'a - b', metric: 'train/loss', kind: '' },
      { run: 'c', metric: 'train/loss', kind: '' },
      { run: 'c', metric: 'train/loss', kind: 'min' },
    ]);
    expect(splitChartColumns(['x - loss', 'y - acc'])).toEqual([
      { run: 'x', metric: 'loss', kind: '' },
      { run: 'y', metric: 'acc', kind: '' },
    ]);
  });

  it('keeps __MIN/__MAX as metrics when W&B sampled (they differ from the value)', async () => {
    const rs = await load(file('chart.csv', '"Step","r - loss","r - loss__MIN","r - loss__MAX"\n"0","2","1.5","2.5"\n"10","1","1","1"\n'));
    expect(rs.runs.map((r) => r.id)).toEqual(['r']);
    expect([...rs.curve('r', 'loss__min')!.value]).toEqual([1.5, 1]);
    expect([...rs.curve('r', 'loss__max')!.value]).toEqual([2.5, 1]);
  });
});

describe('MLflow (synthetic file store)', () => {
  it('params as config, nested metric keys, multi-step metrics, 2-field lines at step 0 with a warning', async () => {
    const root = join(dir, 'mlruns');
    const run = join(root, '3', 'aaaaaaaabbbbbbbbccccccccdddddddd');
    mkdirSync(join(run, 'metrics', 'train'), { recursive: true });
    mkdirSync(join(run, 'params'), { recursive: true });
    mkdirSync(join(run, 'tags'), { recursive: true });
    writeFileSync(join(root, '3', 'meta.yaml'), 'experiment_id: \'3\'\nname: sweep\n');
    writeFileSync(join(run, 'meta.yaml'), 'run_id: aaaaaaaabbbbbbbbccccccccdddddddd\nrun_name: lr-1e-3\nstatus: 4\nstart_time: 1000\nlifecycle_stage: active\n');
    writeFileSync(join(run, 'params', 'lr'), '0.001');
    writeFileSync(join(run, 'params', 'optimizer'), 'adamw');
    writeFileSync(join(run, 'params', 'seed'), '3');
    writeFileSync(join(run, 'metrics', 'train', 'loss'), '2000 3.5 0\n3000 3.0 10\n4000 nan 20\n');
    writeFileSync(join(run, 'metrics', 'old'), '2000 1.0\n3000 2.0\n');
    const rs = await load(root);
    const r = rs.runs[0]!;
    expect(r.config).toEqual({ experiment: 'sweep', lr: 0.001, optimizer: 'adamw', seed: 3 });
    expect(r.seed).toBe(3);
    expect(r.state).toBe('failed');
    const c = rs.curve(r.id, 'train/loss')!;
    expect([...c.step]).toEqual([0, 10, 20]);
    expect([...c.time]).toEqual([1, 2, 3]);
    expect(c.value[2]).toBeNaN();
    expect([...rs.curve(r.id, 'old')!.value]).toEqual([2]);
    expect(rs.warnings.some((w) => /'old' has 2 values without a step/.test(w.message))).toBe(true);
  });
});

describe('W&B history Parquet (synthetic file written with hyparquet-writer)', () => {
  it('synthetic: _step, _runtime and sparse metric columns, ZSTD-free default codec', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const buf = parquetWriteBuffer({
      columnData: [
        { name: '_step', data: [0n, 1n, 2n], type: 'INT64' },
        { name: '_runtime', data: [1.5, 2.5, 3.5], type: 'DOUBLE' },
        { name: '_timestamp', data: [1.7e9, 1.7e9 + 1, 1.7e9 + 2], type: 'DOUBLE' },
        { name: 'train/loss', data: [4.0, null, 3.0], type: 'DOUBLE' },
        { name: 'media', data: ['a', null, 'b'], type: 'STRING' },
      ],
    });
    const p = file('history.parquet', new Uint8Array(buf));
    const rs = await load(p);
    expect(rs.runs[0]!.format).toBe('wandb-history-parquet');
    const c = rs.curve(rs.runs[0]!.id, 'train/loss')!;
    expect([...c.step]).toEqual([0, 2]);
    expect([...c.value]).toEqual([4, 3]);
    expect([...c.time]).toEqual([1.5, 3.5]);
    expect(rs.metricNames()).toEqual(['train/loss']);
    expect(rs.warnings.some((w) => w.message.includes("'media'"))).toBe(true);
  });
});
