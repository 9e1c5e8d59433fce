/**
 * The long-CSV fast path (unquoted one-line records scanned once, numbers parsed inline, names recognised by
 * their bytes) must give exactly what the general RFC 4180 reader gives: the same file with every field quoted
 * forces every record through the general reader. Plus the `flag` column (CSV and JSONL) and the errors of
 * records the fast path declines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';
import type { RunSet } from '../../../src/runs/index.js';
import { Flag } from '../../../src/runs/types.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-long-fast-'));
let k = 0;
const write = (ext: string, text: string): string => {
  const p = join(dir, `f${k++}.${ext}`);
  writeFileSync(p, text);
  return p;
};

/** Everything a RunSet holds, as plain data (values compared with Object.is through toEqual). */
function dump(rs: RunSet) {
  const c = rs.columns();
  const cols = (p: typeof c.kept) => ({
    run: [...p.runIndex], metric: [...p.metricIndex], step: [...p.step], value: [...p.value],
    tokens: p.tokens && [...p.tokens], flops: p.flops && [...p.flops], time: p.time && [...p.time], flag: [...p.flag],
  });
  // The two files differ only in their path: compare everything else.
  const runs = rs.runs.map(({ source: _s, ...r }) => r);
  return { runs, metricNames: c.metricNames, kept: cols(c.kept), superseded: { ...cols(c.superseded), reason: c.superseded.reason }, curves: c.curves, warnings: rs.warnings.map(({ file: _f, ...w }) => w) };
}

// Number spellings the fast scan handles itself and ones it must hand to parseNumber.
const numText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
  fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }), fc.integer({ min: 0, max: 8 })).map(([v, d]) => v.toFixed(d)),
  fc.constantFrom('0', '-0', '.5', '5.', '+1.25', ' 7 ', '1e3', '-2.5E-4', '12345678901234567', '0.000000000000000001', 'nan', 'inf', '-inf', 'Infinity', ''),
);
const name = fc.stringMatching(/^[a-z][a-z0-9_/.-]{0,11}$/);
const row = fc.record({ run: fc.constantFrom('r1', 'run_22', 'x'), step: fc.nat(40), metric: fc.oneof(name, fc.constantFrom('loss', 'lr')), value: numText, tokens: fc.oneof(fc.constant(''), fc.nat(1e9).map(String)), flag: fc.constantFrom('', '0', '1', '2') });

describe('long CSV fast path', () => {
  it('gives exactly what the general reader gives (all fields quoted), values equal to Number(text)', async () => {
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.boolean(), async (rows, crlf, blank) => {
        const nl = crlf ? '\r\n' : '\n';
        const cells = rows.map((r) => [r.run, String(r.step), r.metric, r.value, r.tokens, r.flag]);
        const header = ['run', 'step', 'metric', 'value', 'tokens', 'flag'];
        const plain = [header, ...cells].map((c) => c.join(',')).join(nl) + (blank ? nl + nl : nl);
        const quoted = [header, ...cells].map((c) => c.map((x) => `"${x}"`).join(',')).join(nl) + nl;
        const fast = await load(write('csv', plain));
        const slow = await load(write('csv', quoted));
        expect(dump(fast)).toEqual(dump(slow));
        // Independent check of the numbers: the last row of each (run, metric, step) holds Number(text).
        let checked = 0;
        const last = new Map<string, (typeof rows)[number]>();
        for (const r of rows) if (r.value.trim() !== '') last.set(`${r.run}|${r.metric}|${r.step}`, r);
        for (const r of last.values()) {
          const c = fast.curve(r.run, r.metric);
          const i = c ? [...c.step].indexOf(r.step) : -1;
          if (!c || i < 0) continue; // superseded by a later segment after a restart
          const t = r.value.trim().toLowerCase();
          const want = t === 'nan' ? NaN : t === 'inf' || t === 'infinity' ? Infinity : t === '-inf' ? -Infinity : Number(t);
          expect(c.value[i]).toBe(want);
          checked++;
          expect(c.flag[i]).toBe(r.flag === '2' ? Flag.skipped : Number.isFinite(want) ? Flag.ok : Flag.nonFinite);
        }
        total += checked;
      }),
      { numRuns: 150, seed: 3 },
    );
    expect(total).toBeGreaterThan(500); // the value check ran (not every point was superseded)
  });

  it('same result across 4 MiB read windows, with quoted records scattered through the file', async () => {
    const lines: string[] = [];
    const qlines: string[] = [];
    for (let i = 0; i < 160_000; i++) {
      const f = [`run_${(i / 40_000) | 0}`, String(i), ['train/loss', 'val/loss', 'lr', 'grad_norm'][i % 4]!, (Math.sin(i) * 10).toFixed(6)];
      lines.push((i % 9973 === 0 ? f.map((x) => `"${x}"`) : f).join(','));
      qlines.push(f.map((x) => `"${x}"`).join(','));
    }
    const fast = await load(write('csv', 'run,step,metric,value\n' + lines.join('\n') + '\n'));
    const slow = await load(write('csv', 'run,step,metric,value\n' + qlines.join('\n') + '\n'));
    expect(fast.numPoints).toBe(160_000);
    expect(dump(fast)).toEqual(dump(slow));
  });

  it('records the fast scan declines are refused by the general path with a warning naming their line', async () => {
    const cases: [string, RegExp, number][] = [
      ['run,step,metric,value\na,1,loss,2\na,2,loss,x2\n', /'x2' is not a number/, 3],
      ['run,step,metric,value\na,1,loss,2\na,,loss,3\n', /empty step/, 3],
      ['run,step,metric,value\na,1,loss,2\na,2,loss\n', /found 3 fields/, 3],
      ['run,step,metric,value\na,1,loss,2\na,2,loss,3,4\n', /found 5 fields/, 3],
      ['run,step,metric,value\na,1,loss,2\n,2,loss,3\n', /empty run name/, 3],
      ['run,step,metric,value\na,1,loss,2\na,2,,3\n', /empty metric name/, 3],
      ['run,step,metric,value\na,1,loss,2\na,nan,loss,3\n', /step is NaN/, 3],
      ['run,step,metric,value,flag\na,1,loss,2,0\na,2,loss,3,7\n', /'7' is not a flag/, 3],
      ['run,step,metric,value\na,1,loss,2\na,-2,loss,3\n', /step -2 is negative/, 3],
      ['run,step,metric,value\na,1,loss,2\na,2.5,loss,3\n', /step 2.5 is not an integer/, 3],
      ['run,step,metric,value\na,1,loss,2\na,inf,loss,3\n', /step Infinity is not finite/, 3],
      ['run,step,metric,value\na,1,loss,2\na,1e400,loss,3\n', /step Infinity is not finite/, 3],
    ];
    for (const [text, msg, line] of cases) {
      const rs = await load(write('csv', text));
      expect(rs.numPoints, text).toBe(1); // the good row
      const w = rs.warnings.filter((x) => x.skipped);
      expect(w, text).toHaveLength(1);
      expect(w[0]!.message).toMatch(msg);
      expect(w[0]!.line).toBe(line);
      expect(w[0]!.skipped).toBe(1);
    }
    // Nothing loadable: a LoadError naming the first damaged row.
    const err = await load(write('csv', 'run,step,metric,value\na,x,loss,2\na,y,loss,3\n')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as LoadError).line).toBe(2);
    expect((err as LoadError).message).toMatch(/none of the 2 row\(s\) could be loaded; the first: 'x' is not a number in column step/);
  });
});

describe('flag column', () => {
  it('CSV long: 2 is a skipped iteration, 0/1/empty leave the flag to the value', async () => {
    const rs = await load(write('csv', 'run,step,metric,value,flag\na,1,loss,2,0\na,2,loss,nan,2\na,3,loss,inf,1\na,4,loss,1.5,\n'));
    expect([...rs.curve('a', 'loss')!.flag]).toEqual([Flag.ok, Flag.skipped, Flag.nonFinite, Flag.ok]);
    expect(rs.run('a')).toMatchObject({ nonFinite: 1, skipped: 1 });
  });

  it('CSV wide: a column called flag is an ordinary metric', async () => {
    const rs = await load(write('csv', 'step,loss,flag\n1,2.5,2\n2,2.0,0\n'));
    expect([...rs.curve(rs.runs[0]!.id, 'flag')!.value]).toEqual([2, 0]);
    expect([...rs.curve(rs.runs[0]!.id, 'loss')!.flag]).toEqual([Flag.ok, Flag.ok]);
  });

  it('JSONL long: flag 2 is skipped, null is no flag, anything else refuses the line', async () => {
    const rs = await load(write('jsonl', '{"run":"a","metric":"loss","step":1,"value":NaN,"flag":2}\n{"run":"a","metric":"loss","step":2,"value":1,"flag":null}\n{"run":"a","metric":"loss","step":3,"value":NaN,"flag":1}\n'));
    expect([...rs.curve('a', 'loss')!.flag]).toEqual([Flag.skipped, Flag.ok, Flag.nonFinite]);
    // a flag key that first appears after the first line
    const late = await load(write('jsonl', '{"run":"a","metric":"loss","step":1,"value":1}\n{"run":"a","metric":"loss","step":2,"value":NaN,"flag":2}\n'));
    expect([...late.curve('a', 'loss')!.flag]).toEqual([Flag.ok, Flag.skipped]);
    const bad = await load(write('jsonl', '{"run":"a","metric":"loss","step":1,"value":1,"flag":"x"}\n{"run":"a","metric":"loss","step":2,"value":1}\n'));
    expect(bad.numPoints).toBe(1);
    expect(bad.warnings).toMatchObject([{ line: 1, skipped: 1, message: expect.stringMatching(/flag is not 0/) }]);
  });
});
