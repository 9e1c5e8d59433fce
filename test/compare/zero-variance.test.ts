/**
 * Issue 10 defect 8: runs that do not vary (deterministic training, or a metric that ignores the seed). The paired
 * test said p = 0 "better" and Welch said NaN "insufficient data" for the same numbers; the text table printed
 * `NaN-Infinity` with two columns run together and --json turned -Infinity into null. The rule now: no spread in
 * what the test uses -> no t or bootstrap test, no interval, no effect size; decision inconclusive, reason
 * 'zero_variance', whichever test; JSON keeps non-finite numbers as "NaN" / "Infinity" / "-Infinity".
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVariants } from '../../src/compare/index.js';
import { cohensD, hedgesG } from '../../src/stats/index.js';
import { run } from '../../src/cli/main.js';

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const o = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try { return { code: await run(argv), out: out.join('') }; } finally { process.stdout.write = o; process.stderr.write = e; }
}

const base = { name: 'base', values: [3.3, 3.3, 3.3], seeds: [0, 1, 2] };
const flat = { name: 'flat', values: [3.28, 3.28, 3.28], seeds: [0, 1, 2] };

describe('zero variance: one verdict whichever test', () => {
  for (const test of ['auto', 'paired', 'welch', 'student', 'paired-bootstrap'] as const) {
    it(`${test}: inconclusive (zero_variance), no p, interval or effect size`, () => {
      const r = compareVariants([base, flat], { test, resamples: 500 });
      const c = r.comparisons[0]!;
      expect(c.decision).toBe('inconclusive');
      expect(c.reason).toBe('zero_variance');
      expect(c.diff).toBeCloseTo(-0.02, 12);
      for (const v of [c.p, c.pAdjusted, c.effectSize, ...c.ci, ...c.bootstrapCi]) expect(Number.isNaN(v)).toBe(true);
      expect(r.warnings.join('\n')).toMatch(/'flat' vs 'base'.*no spread to test against/);
    });
  }
  it('paired with constant differences but varying runs is zero variance too; Welch on the same runs is a real test', () => {
    const b = { name: 'b', values: [3.30, 3.31, 3.29], seeds: [0, 1, 2] }, v = { name: 'v', values: [3.28, 3.29, 3.27], seeds: [0, 1, 2] };
    expect(compareVariants([b, v], { test: 'paired', resamples: 500 }).comparisons[0]!.reason).toBe('zero_variance');
    expect(compareVariants([b, v], { test: 'welch', resamples: 500 }).comparisons[0]!.p).toBeGreaterThan(0);
  });
  it('the rank test still runs (its p needs no spread)', () => {
    const c = compareVariants([base, flat], { test: 'mannwhitney', resamples: 500 }).comparisons[0]!;
    expect(c.p).toBeCloseTo(0.04685417760387372, 12); // scipy.stats.mannwhitneyu (asymptotic with ties)
    expect(c.reason).not.toBe('zero_variance');
    expect(Number.isNaN(c.effectSize)).toBe(true);
  });
  it('one-sample threshold test: no test, reason zero_variance; variant intervals are none', () => {
    const r = compareVariants([base, flat], { threshold: 3.29, resamples: 500 });
    const o = r.oneSample.find((x) => x.variant === 'flat')!;
    expect(o.reason).toBe('zero_variance');
    expect(Number.isNaN(o.p)).toBe(true);
    const v = r.variants.find((x) => x.name === 'flat')!;
    expect([...v.ci, ...v.bootstrapCi].every(Number.isNaN)).toBe(true);
  });
  it("Cohen's d and Hedges' g are NaN, not infinite, without spread", () => {
    expect(Number.isNaN(cohensD([1, 1, 1], [2, 2, 2]))).toBe(true);
    expect(Number.isNaN(hedgesG([1, 1, 1], [2, 2, 2]))).toBe(true);
  });
});

describe('CLI output with non-finite numbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scalelab-zerovar-'));
  const csv = join(dir, 'runs.csv');
  writeFileSync(csv, 'run,arch,seed,val_loss\n' + [0, 1, 2].map((i) => `b${i},base,${i},3.3`).join('\n') + '\n' + [0, 1, 2].map((i) => `f${i},flat,${i},3.28`).join('\n') + '\n');
  it('the text table keeps its columns apart and says why there is no test', async () => {
    const r = await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--resamples', '500', '--threshold', '3.29']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/NaN|Infinity/);
    const row = r.out.split('\n').find((l) => l.startsWith('flat') && l.includes('inconclusive'))!;
    expect(row).toMatch(/none\s+n\/a\s+n\/a\s+n\/a\s+welch\s+inconclusive \(zero variance: every run equal, no test\)/);
    expect(r.out).toMatch(/flat\s+mean 3\.28000\s+no test \(zero variance/);
  });
  it('--json keeps non-finite numbers as strings', async () => {
    const r = await capture(['compare', csv, '--by', 'arch', '--metric', 'val_loss', '--resamples', '500', '--json', '--threshold', '3.35']);
    const j = JSON.parse(r.out);
    expect(j.comparisons[0].p).toBe('NaN');
    expect(j.comparisons[0].effect_size).toBe('NaN');
    expect(j.comparisons[0].reason).toBe('zero_variance');
    expect(j.variants[0].ci).toEqual(['NaN', 'NaN']);
  });
});
