import { describe, expect, it } from 'vitest';
import { FitError, InputError } from '../../src/errors.js';
import { bootstrapFit, chinchillaLaw, fitLaw, isoflopFit, IsoflopError, logspace, pointsFromTable, powerLaw, preparePoints, synthesizeSweep } from '../../src/fit/index.js';

describe('bad input is refused or flagged, naming rows', () => {
  it('fewer points than parameters', async () => {
    const pts = synthesizeSweep({ sizes: [1e8, 1e9], tokens: [1e9, 1e10], seed: 1 }); // 4 points, 5 params
    await expect(fitLaw(pts, chinchillaLaw())).rejects.toThrow(/4 points for a law with 5 parameters/);
    await expect(fitLaw(pts, chinchillaLaw())).rejects.toBeInstanceOf(InputError);
  });

  it('non-positive and non-finite N, D, C or loss', () => {
    const pts = [
      { N: 1e8, D: 1e9, loss: 3 },
      { N: -1e8, D: 1e9, loss: 3 },
      { N: 1e8, D: Infinity, loss: 3 },
      { N: 1e8, D: 1e9, loss: NaN },
      { N: 1e8, loss: 2.9 },
    ];
    expect(() => preparePoints(pts, ['N', 'D'])).toThrow(InputError);
    try { preparePoints(pts, ['N', 'D']); } catch (e) {
      const m = (e as Error).message;
      // Rows counted from 1, as in a spreadsheet's data rows.
      expect(m).toMatch(/non-positive or non-finite N in rows 2;/);
      expect(m).toMatch(/non-positive or non-finite D in rows 3;/);
      expect(m).toMatch(/non-positive or non-finite loss in rows 4$/);
      expect(m).toMatch(/fewer than two of N, D, C in rows 2, 3, 5;/);
    }
  });

  it('C = 6ND completes the missing variable; duplicated rows are warned about by row', () => {
    const d = preparePoints([{ N: 1e8, C: 6e17, loss: 3 }, { D: 1e9, C: 6e17, loss: 3 }, { N: 1e8, D: 1e9, loss: 3 }], ['N', 'D']);
    expect(Array.from(d.D)).toEqual([1e9, 1e9, 1e9]);
    expect(d.N[1]).toBeCloseTo(1e8, 0);
    expect(d.C[2]).toBe(6e17);
    expect(d.warnings.join()).toMatch(/duplicated rows: 2 same as 1, 3 same as 1/);
    const named = preparePoints([{ N: 1e8, D: 1e9, loss: 3, group: 'a' }, { N: 1e8, D: 1e9, loss: 3, group: 'b' }], ['N', 'D']);
    expect(named.warnings.join()).toMatch(/duplicated rows: 2 \(b\) same as 1 \(a\)/);
    expect(() => preparePoints([{ N: 1e8, D: 1e9, loss: 3, group: 'a' }, { N: 0, D: 1e9, loss: 3, group: 'run-7' }], ['N', 'D'])).toThrow(/N in rows 2 \(run-7\)/);
  });

  it('table columns that do not exist are named', () => {
    expect(() => pointsFromTable([{ n: 1, l: 2 }], { N: 'Model Size' })).toThrow(/no loss column 'loss'/);
    expect(() => pointsFromTable([{ n: 1, loss: 2 }], { N: 'Model Size' })).toThrow(/no column 'Model Size' for N/);
    expect(pointsFromTable([{ n: '1e8', t: '2e9', loss: '3.5' }], { N: 'n', D: 't' })).toEqual([{ N: 1e8, D: 2e9, loss: 3.5 }]);
  });

  it('isoflop: a single budget, too few points, and a budget whose minimum is not interior', () => {
    const sizes = logspace(3e7, 3e9, 7);
    const one = synthesizeSweep({ sizes, budgets: [1e20], seed: 1, noise: 0.001 });
    expect(() => isoflopFit(one)).toThrow(/at least 2 usable budgets.*single budget/);
    const sparse = [...synthesizeSweep({ sizes, budgets: [1e19, 1e20], seed: 1, noise: 0.001 }), ...synthesizeSweep({ sizes: [1e8, 2e8], budgets: [1e22], seed: 2 })];
    expect(() => isoflopFit(sparse)).toThrow(/C=1\.000e\+22 \(2 points \(need 3\)\)/);
    // Four runs of only two sizes cannot place a parabola's vertex: refused, not fitted through round-off.
    const twoSizes = [2e8, 3e8, 2e8, 3e8].map((N, i) => ({ N, C: 1e21, loss: 3 + (Math.log(N / 2.4e8) ** 2) + i * 1e-9 }));
    expect(() => isoflopFit([...sparse.filter((p) => p.C !== 1e22), ...twoSizes])).toThrow(/C=1\.000e\+21 \(2 distinct model sizes \(a parabola needs 3\)\)/);
    // At 1e22 FLOPs the optimum (~2e10 parameters) lies above every size tried: not interior.
    const edge = synthesizeSweep({ sizes, budgets: [1e19, 1e20, 1e22], seed: 1, noise: 0.001 });
    try { isoflopFit(edge); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(IsoflopError);
      expect(e).toBeInstanceOf(FitError);
      expect((e as IsoflopError).budgets.map((b) => b.C.toExponential(2))).toEqual(['1.00e+22']);
      expect((e as Error).message).toMatch(/minimum lies outside the sizes tried/);
    }
    const skipped = isoflopFit(edge, { skipBadBudgets: true });
    expect(skipped.budgets).toHaveLength(2);
    expect(skipped.warnings.join()).toMatch(/skipped budget\(s\): C=1\.000e\+22/);
  });

  it('a narrow range of N is flagged as poorly identified', async () => {
    const pts = synthesizeSweep({ sizes: [3e8, 3.3e8, 3.6e8, 4e8], tokens: logspace(1e9, 1e11, 12), seed: 3, noise: 0.01 });
    const f = await fitLaw(pts, chinchillaLaw(), { threads: 1 });
    expect(f.warnings.join('\n')).toMatch(/poorly identified/);
  });

  it('a power law in C without enough data to fix E warns rather than failing silently', async () => {
    // 4 points over an 8x range with 1% noise: E runs away (0.10 where the truth is 2.61), and that is said.
    const pts = synthesizeSweep({ sizes: [1e8], tokens: [1e9, 2e9, 4e9, 8e9], seed: 1, noise: 0.01 }).map((p) => ({ C: p.C, loss: p.loss }));
    const f = await fitLaw(pts, powerLaw('C'), { threads: 1 });
    expect(f.warnings.join('\n')).toMatch(/best e = .* lies outside its grid/);
    // Noiseless, the same 4 points are exactly a power law in C (N fixed): it is recovered, with no warning. This
    // test used noise 0 and passed only on the spurious 'widen the grid' warnings (issue 10, defect 7).
    const exact = synthesizeSweep({ sizes: [1e8], tokens: [1e9, 2e9, 4e9, 8e9], seed: 1, noise: 0 }).map((p) => ({ C: p.C, loss: p.loss }));
    const g = await fitLaw(exact, powerLaw('C'), { threads: 1 });
    expect(g.params.alpha).toBeCloseTo(0.3658, 6);
    expect(g.params.E).toBeCloseTo(1.817 + 482.01 / 1e8 ** 0.3478, 6);
    expect(g.warnings).toEqual([]);
  });
});

describe('identifiability rule (calibrated by scripts/fit-identifiability-calibrate.ts)', () => {
  it('a 4x range of N warns, naming alpha, its linearised SE and the spans; a 100x range does not', async () => {
    const narrow = synthesizeSweep({ sizes: logspace(1e8, 4e8, 5), tokens: logspace(1e9, 1e11, 8), seed: 2, noise: 0.01 });
    const f = await fitLaw(narrow, chinchillaLaw(), { threads: 1 });
    expect(f.identifiability.poorlyIdentified).toEqual(['alpha']);
    const w = f.warnings.join('\n');
    expect(w).toMatch(/poorly identified: alpha = [\d.]+ \(linearised SE [\d.]+, \d+% of its value\) exceeds the 25% rule/);
    expect(w).toMatch(/the data span N 4\.00x, D 100x/);
    const wide = synthesizeSweep({ sizes: logspace(1e8, 1e10, 5), tokens: logspace(1e9, 1e11, 8), seed: 2, noise: 0.01 });
    const g = await fitLaw(wide, chinchillaLaw(), { threads: 1 });
    expect(g.identifiability.poorlyIdentified).toEqual([]);
    expect(g.identifiability.relSe.alpha).toBeLessThan(0.15);
    expect(g.warnings.join('\n')).not.toMatch(/poorly identified/);
  });

  it('the bootstrap flags an exponent whose draws are spread or leave the grid', async () => {
    const narrow = synthesizeSweep({ sizes: logspace(1e8, 4e8, 5), tokens: logspace(1e9, 1e11, 8), seed: 2, noise: 0.01 });
    const f = await fitLaw(narrow, chinchillaLaw(), { threads: 1 });
    const bs = await bootstrapFit(f, { resamples: 100, seed: 1, threads: 1, bca: false });
    expect(bs.warnings.join('\n')).toMatch(/poorly identified \(bootstrap\): .*alpha/);
    expect(bs.warnings.join('\n')).not.toMatch(/\(bootstrap\): [^\n]*beta/);
  });
});
