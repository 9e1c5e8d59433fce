/**
 * A run that stopped early (issue 10, defect 4): the demo ablation's llm.c logs, one of them cut after step 1,750
 * while the others reach 2,000. Without a choice the comparison is refused, naming the run and how far it got;
 * at 'common' every run is read at step 1,750 and the result says so; at 'final' the mixed steps are a warning.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../../src/load/index.js';
import { compareVariants, variantsFromRunSet, variantsFromRunSets } from '../../src/compare/index.js';
import { CompareError } from '../../src/errors.js';
import { summarizeComparison } from '../../src/notebook/index.js';
import { run } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-stopped-'));
for (const variant of ['baseline', 'swiglu']) {
  mkdirSync(join(dir, variant));
  for (const f of readdirSync(join('data/ablation', variant))) {
    let text = readFileSync(join('data/ablation', variant, f), 'utf8');
    if (variant === 'swiglu' && f === 'seed3.log') {
      // Cut the log after step 1750: the first line of a later step and everything after it goes.
      const lines = text.split('\n');
      const cut = lines.findIndex((l) => /^s:(\d+)/.test(l) && Number(/^s:(\d+)/.exec(l)![1]) > 1750);
      text = lines.slice(0, cut).join('\n') + '\n';
    }
    writeFileSync(join(dir, variant, f), text);
  }
}

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [], err: string[] = [];
  const o = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err.push(s); return true; }) as typeof process.stderr.write;
  try {
    const code = await run(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('a run that stopped early is never compared silently', async () => {
  const rs = await load(dir, { rule: '{variant}/seed{seed}.log' });

  it('the cut run really ends at 1,750 and the others at 2,000', () => {
    const ends = rs.runs.map((r) => { const c = rs.curve(r.id, 'val/loss')!; return c.step[c.step.length - 1]; });
    expect(ends.filter((s) => s === 1750)).toHaveLength(1);
    expect(ends.filter((s) => s === 2000)).toHaveLength(9);
  });

  it('without a choice: a CompareError naming the short run, how far it got, and what each choice does', () => {
    expect(() => variantsFromRunSet(rs, 'val/loss')).toThrow(CompareError);
    expect(() => variantsFromRunSet(rs, 'val/loss')).toThrow(/swiglu\/seed3 ended at step 1,750; .* ended at step 2,000\. .*at 'common' .* step 1,750/);
  });

  it("at 'common': every value is read at step 1,750, and the result says where and who stopped", () => {
    const fr = variantsFromRunSet(rs, 'val/loss', { at: 'common' });
    expect(fr.step).toBe(1750);
    expect(fr.stoppedEarly).toEqual([{ run: expect.stringMatching(/swiglu\/seed3/), reached: 1750 }]);
    for (const v of fr.variants) expect(v.steps!.every((s) => s === 1750)).toBe(true);
    // the values are the logs' own step-1750 evaluations, not the step-2000 ones
    const base1 = rs.curve(rs.runs.find((r) => r.variant === 'baseline' && r.seed === 1)!.id, 'val/loss')!;
    expect(fr.variants.find((v) => v.name === 'baseline')!.values[fr.variants.find((v) => v.name === 'baseline')!.seeds!.indexOf(1)])
      .toBe(base1.value[base1.step.indexOf(1750)]);
    const r = compareVariants(fr.variants, { baseline: 'baseline', resamples: 500 });
    expect(r.comparedAt).toMatchObject({ step: 1750, furthest: 2000 });
    expect(r.warnings.join(' ')).toMatch(/compared at step 1,750, the last step every run reached: .*seed3.* stopped at 1,750, while others reached up to 2,000/);
    expect(r.toJSON().compared_at).toMatchObject({ step: 1750, furthest: 2000 });
    // display() and the notebook summary say it too
    expect(summarizeComparison(r).summary()).toMatch(/values at step 1,750/);
    expect(summarizeComparison(r).summary()).toMatch(/warning: compared at step 1,750/);
  });

  it("at 'final': the mixed points of training are a warning naming the steps; a step past the short run is refused", () => {
    const fr = variantsFromRunSet(rs, 'val/loss', { at: 'final' });
    expect(fr.step).toBeNull();
    const r = compareVariants(fr.variants, { baseline: 'baseline', resamples: 500 });
    expect(r.comparedAt!.step).toBeNull();
    expect(r.warnings.join(' ')).toMatch(/values from different points of training are compared: step 1,750: .*seed3.*; step 2,000: /);
    expect(() => variantsFromRunSet(rs, 'val/loss', { at: 2000 })).toThrow(/runs stopped before step 2,000: .*seed3.* \(reached 1,750\)/);
    expect(variantsFromRunSet(rs, 'val/loss', { at: 1500 }).step).toBe(1500);
  });

  it('runs that all end at the same step need no choice; several RunSets share one common step', async () => {
    const base = await load(join(dir, 'baseline'), { rule: 'seed{seed}.log' });
    const fr = variantsFromRunSet(base, 'val/loss', { name: 'baseline' });
    expect(fr.step).toBe(2000);
    expect(fr.stoppedEarly).toEqual([]);
    expect(compareVariants(fr.variants, { resamples: 200 }).warnings).toEqual([]);
    const swiglu = await load(join(dir, 'swiglu'), { rule: 'seed{seed}.log' });
    const both = variantsFromRunSets([{ runs: base, name: 'baseline' }, { runs: swiglu, name: 'swiglu' }], 'val/loss', { at: 'common' });
    expect(both.step).toBe(1750);
    expect(both.variants.map((v) => v.name)).toEqual(['baseline', 'swiglu']);
  });

  it('the CLI refuses without --at (exit 1, the run named) and says the step with --at common', async () => {
    const args = ['compare', '--variant', `base=${dir}/baseline/*.log`, '--variant', `swiglu=${dir}/swiglu/*.log`, '--metric', 'val/loss', '--resamples', '200'];
    const refused = await capture(args);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/swiglu\/seed3 ended at step 1,750/);
    const common = await capture([...args, '--at', 'common']);
    expect(common.code).toBe(0);
    expect(common.out).toMatch(/^metric val\/loss \(lower is better\), at step 1,750,/);
    expect(common.out).toMatch(/warning: compared at step 1,750/);
    const fin = await capture([...args, '--at', 'final']);
    expect(fin.out).toMatch(/at DIFFERENT steps/);
    expect((await capture([...args, '--at', 'soon'])).code).toBe(1);
  });
});
