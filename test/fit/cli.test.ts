import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/fit.js';
import { envelopeFit, envelopeOptAt, fitMeasuredCoverage, logspace, synthesizeSweep } from '../../src/fit/index.js';
import { load } from '../../src/load/index.js';

function capture(): { out: () => string } {
  let buf = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { buf += String(s); return true; });
  return { out: () => buf };
}

describe('scalelab fit', () => {
  afterEach(() => vi.restoreAllMocks());
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-fit-'));
  const pts = synthesizeSweep({ sizes: logspace(3e7, 3e9, 9), budgets: [1e18, 1e19, 1e20], seed: 2, noise: 0.003 });
  const csv = join(dir, 'sweep.csv');
  writeFileSync(csv, 'params,flops,final loss,run\n' + pts.map((p) => `${p.N},${p.C},${p.loss},${p.group}`).join('\n') + '\n');

  it('--law chinchilla --json prints the documented object', async () => {
    const c = capture();
    const code = await main([csv, '--law', 'chinchilla', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--col', 'group=run', '--bootstrap', '50', '--seed', '3', '--threads', '1', '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(c.out()) as Record<string, unknown>;
    for (const k of ['law', 'params', 'objective', 'n_points', 'converged', 'starts_at_best', 'se', 'ci', 'frontier', 'warnings']) expect(j).toHaveProperty(k);
    expect(j.n_points).toBe(27);
    expect(Object.keys(j.params as object)).toEqual(['A', 'B', 'E', 'alpha', 'beta']);
    expect((j.ci as Record<string, number[]>).alpha).toHaveLength(2);
    // ci stays [low, high]; what it is sits beside it
    // 27 runs of a Chinchilla fit at 0.95: each method's measured coverage at the nearest measured size below
    const key = { law: 'chinchilla', level: 0.95, residual: 'log', loss: 'huber', runs: 27 };
    const pc = fitMeasuredCoverage(key, 'percentile')!, bc = fitMeasuredCoverage(key, 'bca')!;
    expect(pc.runs).toBeLessThanOrEqual(27);
    expect(j.ci_method).toEqual({ level: 0.95, method: 'percentile', resamples: 50, seed: 3, over: 'runs', coverage: pc.coverage, coverage_design: pc.design });
    expect(j.ci_bca_method).toEqual({ level: 0.95, method: 'bca', resamples: 50, seed: 3, over: 'runs', coverage: bc.coverage, coverage_design: bc.design });
    expect(Object.keys(j.frontier as object)).toEqual(expect.arrayContaining(['a', 'b', 'G']));
  });

  it('the text output says once what its intervals are, and that there are none without a bootstrap', async () => {
    const args = [csv, '--law', 'chinchilla', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--col', 'group=run', '--threads', '1'];
    const c = capture();
    expect(await main([...args, '--bootstrap', '50', '--seed', '3'])).toBe(0);
    const out = c.out();
    const pc = fitMeasuredCoverage({ law: 'chinchilla', level: 0.95, residual: 'log', loss: 'huber', runs: 27 }, 'percentile')!;
    expect(out).toContain(`intervals: 95% percentile bootstrap over runs, 50 resamples, seed 3, measured coverage ${+(100 * pc.coverage).toPrecision(3)}% on ${pc.design} (--json also has BCa intervals: ci_bca)`);
    vi.restoreAllMocks();
    const cp = capture();
    expect(await main([csv, '--law', 'power', '--x', 'C', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--col', 'group=run', '--threads', '1', '--bootstrap', '50', '--seed', '3'])).toBe(0);
    expect(cp.out()).toContain('intervals: 95% percentile bootstrap over runs, 50 resamples, seed 3 ');
    expect(cp.out()).not.toContain('measured coverage');
    expect(out).not.toContain('95% [');
    expect(out).toMatch(/\n  alpha\s+\S+\s+se \S+\s+\[\S+, \S+\]\n/);
    vi.restoreAllMocks();
    const c0 = capture();
    expect(await main(args)).toBe(0);
    expect(c0.out()).toContain('no bootstrap run (--bootstrap K): no intervals');
    vi.restoreAllMocks();
    const ci = capture();
    expect(await main([csv, '--law', 'isoflop', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--bootstrap', '50', '--seed', '2'])).toBe(0);
    expect(ci.out()).toMatch(/exponent intervals: 95% percentile bootstrap over parabola residuals within each budget, 50 resamples( \(\d+ dropped\))?, seed 2, measured coverage 95\.4%/);
  });

  it('--law isoflop --json prints budgets and the N_opt and D_opt laws', async () => {
    const c = capture();
    const code = await main([csv, '--law', 'isoflop', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--bootstrap', '50', '--json']);
    expect(code).toBe(0);
    const j = JSON.parse(c.out()) as { budgets: unknown[]; N_opt_law: { k: number; exponent: number; ci: number[] }; D_opt_law: object; warnings: string[] };
    expect(j.budgets).toHaveLength(3);
    expect(j.N_opt_law.exponent).toBeGreaterThan(0.3);
    expect(j.N_opt_law.ci).toHaveLength(2);
    expect((j as unknown as { ci_method: { method: string; resamples: number } }).ci_method).toMatchObject({ level: 0.95, method: 'percentile', resamples: 50, seed: 0, over: 'parabola residuals within each budget' });
  });

  it('--residual raw fits prediction - loss (the JSON says which); --method akima --window and --resample reach isoflop', async () => {
    const args = [csv, '--law', 'power', '--x', 'C', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--loss', 'mse', '--threads', '1', '--json'];
    let c = capture();
    expect(await main(args)).toBe(0);
    const logFit = JSON.parse(c.out()) as { residual: string; objective: number };
    vi.restoreAllMocks();
    c = capture();
    expect(await main([...args, '--residual', 'raw'])).toBe(0);
    const rawFit = JSON.parse(c.out()) as { residual: string; objective: number };
    expect(logFit.residual).toBe('log');
    expect(rawFit.residual).toBe('raw');
    expect(rawFit.objective).not.toBeCloseTo(logFit.objective, 12);
    await expect(main([...args, '--residual', 'abs'])).rejects.toThrow(/--residual must be log or raw/);
    vi.restoreAllMocks();
    c = capture();
    expect(await main([csv, '--law', 'isoflop', '--col', 'N=params', '--col', 'C=flops', '--col', 'loss=final loss', '--method', 'akima', '--window', '5', '--bootstrap', '20', '--json'])).toBe(0);
    const iso = JSON.parse(c.out()) as { method: string; window: number; bootstrap: { kept_share: number; resample: string } };
    expect(iso.method).toBe('akima');
    expect(iso.window).toBe(5);
    expect(iso.bootstrap.resample).toBe('runs');
    expect(iso.bootstrap.kept_share).toBeGreaterThan(0);
  });

  it('a missing column is a typed error naming it', async () => {
    await expect(main([csv, '--col', 'N=nope', '--col', 'loss=final loss'])).rejects.toThrow(/no column 'nope' for N/);
    await expect(main([csv])).rejects.toThrow(/no loss column 'loss' \(columns: params, flops, final loss, run\); name it with --col loss=COLUMN\. Did you mean final loss\?/);
    // Columns not mapped to N, D, C: the columns seen and a mapping to try, guessed from their names.
    await expect(main([csv, '--col', 'loss=final loss'])).rejects.toThrow(
      /no column for two of N, D, C among the table's columns \(params, flops, final loss, run\).*--col N="params" --col C="flops"/);
    await expect(main([csv, '--col', 'loss=final loss', '--law', 'power', '--x', 'D'])).rejects.toThrow(/no column for D \(--x D\)/);
  });

  const DATA = (f: string): string => new URL(`../../data/sweep/${f}`, import.meta.url).pathname;

  it('--law envelope loads curves through load() and prints the minima and the power laws', async () => {
    const c = capture();
    expect(await main([DATA('curves.csv'), '--law', 'envelope', '--points', '12', '--bootstrap', '50', '--seed', '1', '--json'])).toBe(0);
    const j = JSON.parse(c.out()) as { law: string; minima: { C: number; N: number; at_edge: boolean }[]; N_opt_law: { exponent: number; ci: number[] }; distinct_n: number };
    expect(j.law).toBe('envelope');
    expect(j.minima).toHaveLength(12);
    expect(j.N_opt_law.exponent).toBeGreaterThan(0.35);
    expect(j.N_opt_law.exponent).toBeLessThan(0.55);
    expect(j.N_opt_law.ci).toHaveLength(2);
  });

  it('--law envelope --target-c reports N_opt and D_opt at each target: the library\'s joint-draw intervals, null without a bootstrap', async () => {
    type Target = { C: number; N_opt: number; D_opt: number; tokens_per_param: number; N_opt_ci: [number, number] | null; D_opt_ci: [number, number] | null; level: number; draws: number; extrapolated: boolean };
    const c = capture();
    expect(await main([DATA('curves.csv'), '--law', 'envelope', '--points', '12', '--bootstrap', '50', '--seed', '1', '--target-c', '1e20', '--target-c', '5.88e23', '--json'])).toBe(0);
    const j = JSON.parse(c.out()) as { targets: Target[]; bootstrap: { resamples: number; seed: number; level: number; dropped: number }; warnings: string[] };
    const env = envelopeFit(await load(DATA('curves.csv')), { points: 12, bootstrap: 50, seed: 1 });
    expect(j.bootstrap).toEqual({ resamples: 50, seed: 1, level: 0.95, dropped: 0 });
    expect(j.targets.map((t) => t.C)).toEqual([1e20, 5.88e23]);
    for (const t of j.targets) {
      const o = envelopeOptAt(env, t.C);
      expect(t).toEqual({ C: t.C, N_opt: o.N_opt, D_opt: o.D_opt, tokens_per_param: o.tokensPerParam, N_opt_ci: o.ci!.N_opt, D_opt_ci: o.ci!.D_opt, level: 0.95, draws: 50, extrapolated: t.C > 1e20 });
      expect(t.N_opt_ci![0]).toBeLessThan(t.N_opt);
      expect(t.N_opt_ci![1]).toBeGreaterThan(t.N_opt);
    }
    expect(j.warnings.join('\n')).toMatch(/C = 5\.880e\+23 is .*outside the envelope's FLOPs range/);
    vi.restoreAllMocks();
    const c0 = capture();
    expect(await main([DATA('curves.csv'), '--law', 'envelope', '--points', '12', '--json'])).toBe(0);
    const j0 = JSON.parse(c0.out()) as { targets: Target[]; bootstrap?: unknown };
    expect(j0.bootstrap).toBeUndefined();
    expect(j0.targets).toHaveLength(1); // the default target, 5.88e23
    expect(j0.targets[0]!.C).toBe(5.88e23);
    expect(j0.targets[0]!.N_opt_ci).toBeNull();
    expect(j0.targets[0]!.D_opt_ci).toBeNull();
  });

  it('--metric with --runs fits the run model; --propose-budget adds proposals within the budget', async () => {
    const c = capture();
    expect(await main([DATA('curves.csv'), '--metric', 'val/loss', '--runs', DATA('runs.csv'), '--propose-budget', '1e21', '--target-c', '1e23',
      '--proposals', '2', '--propose-resamples', '40', '--threads', '1', '--json'])).toBe(0);
    const j = JSON.parse(c.out()) as { n_runs: number; proposals: { N: number; D: number; C: number; width_before: number; width_after: number }[]; propose: { used: number } };
    expect(j.n_runs).toBe(35);
    expect(j.proposals.length).toBeGreaterThanOrEqual(1);
    expect(j.proposals.reduce((s, p) => s + p.C, 0)).toBeLessThanOrEqual(1e21 * (1 + 1e-9));
    for (const p of j.proposals) for (const k of ['N', 'D', 'C', 'width_before', 'width_after']) expect(p).toHaveProperty(k);
    await expect(main([DATA('curves.csv'), '--metric', 'val/loss', '--law', 'power', '--propose-budget', '1e21'])).rejects.toThrow(/needs --law chinchilla/);
  });
});
