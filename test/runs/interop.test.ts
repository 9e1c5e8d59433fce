import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { DataFrame } from 'danfojs-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fromArrowIPC,
  fromDanfo,
  fromParquet,
  fromTable,
  readArrow,
  readParquet,
  runsFromJson,
  runsToJson,
  selectRuns,
  toArrowIPC,
  toDanfo,
  toParquet,
  toTable,
  writeArrow,
  writeCsv,
  writeJsonl,
  writeParquet,
  type RunSet,
} from '../../src/runs/index.js';
import { sample } from './helpers.js';

/** Every kept point, bit for bit (Object.is distinguishes NaN, -0), plus run metadata. */
function expectSame(a: RunSet, b: RunSet, meta = true): void {
  const cols = ['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag'];
  for (const c of cols) {
    const x = Array.from(a.metrics.array(c) as ArrayLike<unknown>), y = Array.from(b.metrics.array(c) as ArrayLike<unknown>);
    expect(y.length, c).toBe(x.length);
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) throw new Error(`column ${c} row ${i}: ${String(x[i])} != ${String(y[i])}`);
  }
  if (meta) expect(b.runs).toEqual(a.runs);
}

const dir = mkdtempSync(join(tmpdir(), 'scalelab-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('arquero tables', () => {
  it('round-trips exactly, NaN/Inf values, flags and run metadata (restarts included) with { runs }', () => {
    const rs = sample();
    const back = fromTable(toTable(rs), { runs: rs.runs });
    expectSame(rs, back);
    expect(back.runs[0]!.restarts).toEqual([{ fromStep: 4, toStep: 3, superseded: 5 }]);
    expect(back.curve('b', 'acc')!.flag[0]).toBe(2);
  });

  it('without runs, each run id becomes a bare run; unordered rows are sorted and backwards steps become restarts', () => {
    const t = aq.table({ run: ['x', 'x', 'x', 'x'], metric: ['l', 'l', 'l', 'l'], step: [0, 1, 2, 1], value: [3, 2, Infinity, 1.5] });
    const rs = fromTable(t);
    expect(rs.runs[0]).toMatchObject({ id: 'x', source: 'table', nonFinite: 0, restarts: [{ fromStep: 2, toStep: 1, superseded: 2 }] });
    expect(Array.from(rs.curve('x', 'l')!.value)).toEqual([3, 1.5]);
    expect(rs.has('tokens')).toBe(false);
  });

  it('reads nulls as NaN and refuses missing columns and bad flags', () => {
    const rs = fromTable(aq.table({ run: ['x', 'x'], metric: ['l', 'l'], step: [0, 1], value: [null, 2], tokens: [5, null] }));
    expect(Array.from(rs.curve('x', 'l')!.value)).toEqual([NaN, 2]);
    expect(Array.from(rs.curve('x', 'l')!.flag)).toEqual([1, 0]);
    expect(Array.from(rs.curve('x', 'l')!.tokens)).toEqual([5, NaN]);
    expect(() => fromTable(aq.table({ run: ['x'], metric: ['l'], value: [1] }))).toThrow(/missing column 'step'/);
    expect(() => fromTable(aq.table({ run: ['x'], metric: ['l'], step: [0], value: [1], flag: [7] }))).toThrow(/flag 7/);
    expect(() => fromTable(aq.table({ run: ['x'], metric: ['l'], step: [null], value: [1] }))).toThrow(/no step/);
  });

  it('round-trips an empty set', () => {
    const empty = selectRuns(sample(), []);
    expect(fromTable(toTable(empty)).numPoints).toBe(0);
  });
});

describe('run metadata JSON', () => {
  it('keeps non-finite summary values', () => {
    const runs = sample().runs.map((r) => ({ ...r }));
    runs[2] = { ...runs[2]!, summary: { loss: NaN, best: -Infinity, ok: 1 } };
    const back = runsFromJson(runsToJson(runs));
    expect(back).toEqual(runs);
    expect(back[2]!.summary!.best).toBe(-Infinity);
    expect(() => runsFromJson('{"a":1}')).toThrow(/array/);
  });
});

describe('Arrow IPC', () => {
  it('round-trips bytes exactly', async () => {
    const rs = sample();
    const bytes = toArrowIPC(rs);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expectSame(rs, fromArrowIPC(bytes, { runs: rs.runs }));
    await writeArrow(rs, join(dir, 'm.arrow'));
    expectSame(rs, await readArrow(join(dir, 'm.arrow'), { runs: rs.runs }));
  });
});

describe('Parquet', () => {
  it('round-trips values, flags and run metadata (in the key-value metadata) exactly', async () => {
    const rs = sample();
    expectSame(rs, await fromParquet(toParquet(rs)));
    const path = join(dir, 'm.parquet');
    await writeParquet(rs, path);
    const back = await readParquet(path);
    expectSame(rs, back);
    expect(back.runs[2]!.summary).toEqual({ loss: 2.2 });
  });

  it('deterministic bytes: the same set writes the same file', () => {
    expect(Buffer.from(toParquet(sample())).equals(Buffer.from(toParquet(sample())))).toBe(true);
  });
});

describe('CSV and JSONL writers', () => {
  it('write nan/inf in CSV, bare NaN/Infinity in JSONL, atomically (no tmp file left)', async () => {
    const rs = sample();
    await writeCsv(rs, join(dir, 'm.csv'));
    await writeJsonl(rs, join(dir, 'm.jsonl'));
    const csv = readFileSync(join(dir, 'm.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('run,metric,step,value,tokens,flops,time,flag');
    expect(csv).toContain('b,loss,3,nan,300,,,1');
    expect(csv).toContain('b,acc,3,nan,,,,2');
    expect(csv).toContain('a,lr,1,0.1,,,,0');
    expect(csv.length).toBe(rs.numPoints + 2); // header + rows + trailing empty
    const lines = readFileSync(join(dir, 'm.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(rs.numPoints);
    expect(lines).toContain('{"run":"b","metric":"loss","step":3,"value":NaN,"tokens":300,"flag":1}');
    expect(lines).toContain('{"run":"a","metric":"loss","step":5,"value":1,"tokens":500,"flag":0}');
    expect(readdirSync(dir).filter((f) => /\.scalelab-(tmp|commit)-/.test(f))).toEqual([]);
  });

  it('quotes fields that need it and writes infinities', async () => {
    const rs = fromTable(aq.table({ run: ['a,"b"'], metric: ['l'], step: [1], value: [-Infinity] }));
    await writeCsv(rs, join(dir, 'q.csv'));
    expect(readFileSync(join(dir, 'q.csv'), 'utf8')).toBe('run,metric,step,value,tokens,flops,time,flag\n"a,""b""",l,1,-inf,,,,1\n');
    await writeJsonl(rs, join(dir, 'q.jsonl'));
    expect(readFileSync(join(dir, 'q.jsonl'), 'utf8')).toBe('{"run":"a,\\"b\\"","metric":"l","step":1,"value":-Infinity,"flag":1}\n');
  });

  it('a failed write leaves no partial file', async () => {
    await expect(writeCsv(sample(), join(dir, 'no-such-dir', 'x.csv'))).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => /\.scalelab-(tmp|commit)-/.test(f))).toEqual([]);
  });
});

describe('danfo.js', () => {
  it('loads lazily and round-trips exactly', async () => {
    const rs = sample();
    const df = await toDanfo<DataFrame>(rs);
    expect(df.columns).toEqual(['run', 'metric', 'step', 'value', 'tokens', 'flops', 'time', 'flag']);
    expect(df.shape).toEqual([rs.numPoints, 8]);
    expectSame(rs, fromDanfo(df, { runs: rs.runs }));
  }, 60_000);
});
