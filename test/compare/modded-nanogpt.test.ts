/**
 * The speedrun records, loaded from the logs themselves with scalelab's loaders: mean, sd and the one-sided
 * one-sample p-value against 3.28 must equal the figures in ../shared/fixtures/modded-nanogpt/<record>/claims.json.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from '../../src/load/index.js';
import { compareCurves, compareVariants, curveVariantsFromRunSet, variantsFromRunSet } from '../../src/compare/index.js';
import { run } from '../../src/cli/main.js';

const FIX = fileURLToPath(new URL('../fixtures/modded-nanogpt/', import.meta.url));
const RECORDS = [['2025-09-21_DropAttn', 0.000479], ['2025-08-23_SparseAttnGate', 0.00588]] as const;

describe('modded-nanogpt records (test/fixtures/modded-nanogpt)', () => {
  for (const [rec, pIssue] of RECORDS) {
    it(`${rec}: mean, sd and p(mean < 3.28) from the logs`, async () => {
      const claims = JSON.parse(readFileSync(`${FIX}${rec}/claims.json`, 'utf8'));
      const rs = await load(`${FIX}${rec}/logs/*.txt`);
      const { variants, missing } = variantsFromRunSet(rs, 'val_loss', { name: rec });
      expect(missing).toEqual([]);
      const r = compareVariants(variants, { threshold: 3.28, metric: 'val_loss', resamples: 1000 });
      const v = r.variants[0]!, o = r.oneSample[0]!;
      const want = claims.reproduced_from_logs.loss;
      expect(v.n).toBe(want.n);
      expect(v.mean).toBeCloseTo(want.mean, 6);
      expect(v.sd).toBeCloseTo(want.sd_ddof1, 6);
      expect(o.alternative).toBe('less');
      expect(o.p).toBeCloseTo(want.p_one_sample_less_3_28, 6);
      expect(Math.abs(o.p - pIssue) / pIssue).toBeLessThan(1e-3); // the issue's 3-significant-figure values
      // the same runs are the README's published losses (as a multiset)
      expect([...variants[0]!.values].sort()).toEqual([...claims.claimed.losses].sort());
    });
  }
  it('scalelab compare --variant NAME=GLOB ... --json prints the issue\'s shape with these numbers', async () => {
    const chunks: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => { chunks.push(s); return true; }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await run(['compare', '--variant', `Sparse=${FIX}2025-08-23_SparseAttnGate/logs/*.txt`, '--variant', `Drop=${FIX}2025-09-21_DropAttn/logs/*.txt`,
        '--metric', 'val_loss', '--threshold', '3.28', '--alternative', 'less', '--resamples', '1000', '--at', 'final', '--json']);
    } finally { process.stdout.write = orig; }
    expect(code).toBe(0);
    const j = JSON.parse(chunks.join(''));
    expect(j.metric).toBe('val_loss');
    expect(j.variants.map((v: { name: string; n: number }) => [v.name, v.n])).toEqual([['Sparse', 14], ['Drop', 10]]);
    expect(j.one_sample[1].p).toBeCloseTo(0.000479, 6);
    expect(j.one_sample[0].p).toBeCloseTo(0.005881, 6);
    expect(j.comparisons[0]).toMatchObject({ variant: 'Drop', baseline: 'Sparse', test: 'welch', decision: 'inconclusive', too_few_seeds: true });
    // The two records' schedules end at different steps: --at final is the user's choice, and the output says so.
    expect(j.compared_at).toMatchObject({ step: null, furthest: 1695 });
    expect(j.warnings.join(' ')).toMatch(/different points of training.*step 1,680: .*step 1,695: /);
  });
  it('without --at, runs ending at different steps are refused, naming how far each got and what --at common would do', async () => {
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => { errs.push(s); return true; }) as typeof process.stderr.write;
    let code: number;
    try {
      code = await run(['compare', '--variant', `Sparse=${FIX}2025-08-23_SparseAttnGate/logs/*.txt`, '--variant', `Drop=${FIX}2025-09-21_DropAttn/logs/*.txt`, '--metric', 'val_loss', '--resamples', '200', '--json']);
    } finally { process.stderr.write = orig; }
    expect(code).toBe(1);
    expect(errs.join('')).toMatch(/end at different steps: .* ended at step 1,680; .* ended at step 1,695\. .*--at common.*step 1,625/s);
  });
  it('compareCurves keeps each record\'s real final evaluation, compares at shared steps, and warns that the ends differ', async () => {
    const sets = await Promise.all(RECORDS.map(async ([rec]) => curveVariantsFromRunSet(await load(`${FIX}${rec}/logs/*.txt`), 'val_loss', { name: rec }).variants[0]!));
    const r = compareCurves(sets, { baseline: '2025-09-21_DropAttn' });
    expect(r.alignment).toBe('shared');
    const sparse = r.bands.find((b) => b.name === '2025-08-23_SparseAttnGate')!;
    const drop = r.bands.find((b) => b.name === '2025-09-21_DropAttn')!;
    // Each curve ends at its own last evaluation: SparseAttnGate's step 1695 with the mean of its 14 final losses
    // (3.2787, below the 3.28 bar it beat), DropAttn's step 1680.
    expect(sparse.x.at(-1)).toBe(1695);
    expect(sparse.n.at(-1)).toBe(14);
    expect(sparse.mean.at(-1)).toBeCloseTo(3.27871, 5);
    expect(sparse.mean.at(-1)).toBeLessThan(3.28);
    expect(drop.x.at(-1)).toBe(1680);
    // No interpolated points: every x is an evaluation every run of the variant logged.
    const sparseRuns = sets.find((v) => v.name === sparse.name)!.runs;
    for (const x of sparse.x) for (const run of sparseRuns) expect(run.x).toContain(x);
    // The difference is taken where both records evaluated, and the differing ends are said.
    const c = r.comparisons[0]!;
    for (const x of c.x) { expect(sparse.x).toContain(x); expect(drop.x).toContain(x); }
    expect(r.warnings.join(' ')).toMatch(/runs end at different x: 2025-09-21_DropAttn at 1,680; 2025-08-23_SparseAttnGate at 1,695/);
    // An interpolation grid is still available on request, and says what it leaves out.
    const interp = compareCurves(sets, { baseline: '2025-09-21_DropAttn', points: 50 });
    expect(interp.alignment).toBe('interpolated');
    expect(interp.bands[0]!.x.at(-1)).toBe(1680);
    expect(interp.warnings.join(' ')).toMatch(/grid ends at 1,680: 14 run\(s\) have later evaluations that are not compared \(the last at 1,695\)/);
  });
});
