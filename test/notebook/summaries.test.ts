import { describe, expect, it } from 'vitest';
import { compareVariants } from '../../src/compare/index.js';
import { bootstrapFit, chinchillaLaw, fitLaw, holdoutFit, isoflopFit, synthesizeSweep, type FitResult, type BootstrapResult } from '../../src/fit/index.js';
import { createReport, fmtNum } from '../../src/report/builder.js';
import { displayContent } from '../../src/notebook/display.js';
import { summarize, summarizeBootstrap, summarizeComparison, summarizeFit, summarizeHoldout, summarizeIsoflop } from '../../src/notebook/summaries.js';

const points = synthesizeSweep({ sizes: [4e7, 1e8, 2.5e8, 6e8, 1.5e9], tokens: [1e9, 3e9, 1e10, 3e10], noise: 0.005, seed: 3 });
let fit: FitResult;
let bs: BootstrapResult;

/** The first row of a text table whose first cell is `name` (and that has `cells` cells), split into cells. */
const rowOf = (text: string, name: string, cells?: number): string[] => {
  const rows = text.split('\n').filter((l) => l.startsWith(name + ' ')).map((l) => l.trim().split(/\s{2,}/));
  const row = rows.find((r) => cells === undefined || r.length === cells);
  if (!row) throw new Error(`no row ${name} in\n${text}`);
  return row;
};

describe('summaries of fit results', () => {
  it('a fit with its bootstrap: every parameter with its BCa interval and standard error, frontier predictions', async () => {
    fit = await fitLaw(points, chinchillaLaw(), { threads: 1 });
    bs = await bootstrapFit(fit, { resamples: 60, seed: 7, threads: 1, targetC: [1e22] });
    const s = summarizeFit(fit, { bootstrap: bs, targetC: [1e22] });
    const text = s.summary();
    for (const k of ['A', 'B', 'E', 'alpha', 'beta', 'a', 'b']) {
      const [, est, lo, hi, se] = rowOf(text, k);
      const ci = bs.bca![k]!;
      expect([lo, hi]).toEqual([fmtNum(ci[0]), fmtNum(ci[1])]);
      expect(se).toBe(fmtNum(bs.se[k]!, 3));
      if (k in fit.params) expect(est).toBe(fmtNum(fit.params[k]!, 5));
    }
    expect(text).toContain('intervals: 95% BCa bootstrap over runs, 60 resamples, seed 7');
    expect(text).toMatch(/parameter\s+estimate\s+95% low\s+95% high/);
    expect(text).toContain(`${points.length} points fitted · converged`);
    expect(text).toMatch(/^N_opt at C = 1e\+22 +\S+ +\S+ +\S+$/m);
    const html = s.toHTML();
    expect(html).toContain('<table>');
    expect(html).toContain(`<td class="num">${fmtNum(bs.bca!.alpha![0])}</td>`);
    expect(html).not.toMatch(/<script|href=|src=/i);
  });

  it('a fit without a bootstrap says it has no interval; display() shows the summary, not an object dump', () => {
    const text = summarizeFit(fit).summary();
    expect(text).toContain('no bootstrap run: no intervals');
    // no empty interval columns before a bootstrap
    expect(text).not.toMatch(/\blow\b|\bhigh\b/);
    const c = displayContent(fit);
    expect(c.mime).toBe('text/html');
    expect(c.text).toBe(text);
    expect(c.text).not.toContain('Float64Array');
  });

  it('a bootstrap on its own: percentile and BCa ends of every quantity', () => {
    const text = summarizeBootstrap(bs).summary();
    expect(text).toContain('60 resamples over runs · seed 7 · 95% intervals · 0 refits not converged');
    const [, est, se, plo, phi, blo, bhi] = rowOf(text, 'beta');
    expect([est, se, plo, phi, blo, bhi]).toEqual([bs.estimates.beta!, bs.se.beta!, ...bs.percentile.beta!, ...bs.bca!.beta!].map((v) => fmtNum(v)));
    expect(displayContent(bs).text).toBe(text);
  });

  it('a holdout test lists each held-out point with its prediction and relative error', async () => {
    const h = await holdoutFit(points, chinchillaLaw(), { above: 5e19, variable: 'C', threads: 1 });
    const text = summarizeHoldout(h).summary();
    expect(text).toContain(`${h.heldOut.length} held out`);
    expect(text).toContain(`rms log error ${fmtNum(h.rmseLog, 3)}`);
    for (const p of h.heldOut) expect(text).toContain(`${fmtNum(100 * p.relError, 3)}%`);
    expect(summarize(h)?.title).toMatch(/held out$/);
    // The in-sample error is over the kept points only: the same as a summary of the fit alone.
    const rmse = (t: string) => /rmse log fitted (\S+)/.exec(t)?.[1];
    expect(rmse(text)).toBe(rmse(summarizeFit(h.fit).summary()));
  });

  it('an IsoFLOP fit shows the exponents and each budget minimum', () => {
    const sweep = synthesizeSweep({ sizes: [2e7, 5e7, 1e8, 2e8, 5e8, 1e9], budgets: [1e18, 1e19, 1e20], noise: 0.002, seed: 2 });
    const iso = isoflopFit(sweep);
    const text = summarizeIsoflop(iso).summary();
    expect(text).toContain('no bootstrap run: no intervals');
    const boot = isoflopFit(sweep, { bootstrap: 50, seed: 4 });
    expect(boot.bootstrap).toMatchObject({ resamples: 50, seed: 4, level: 0.95, resample: 'residuals', dropped: expect.any(Number), kept: expect.any(Number) });
    const bt = summarizeIsoflop(boot).summary();
    expect(bt).toContain(`intervals: 95% percentile bootstrap over parabola residuals within each budget, 50 resamples, seed 4, measured coverage 95.4%; ${boot.bootstrap!.kept} kept`);
    expect(rowOf(bt, 'N_opt exponent').slice(2, 4)).toEqual(boot.nOptLaw.ci!.map((v) => fmtNum(v)));
    expect(rowOf(text, 'N_opt exponent')[1]).toBe(fmtNum(iso.nOptLaw.exponent, 5));
    expect(text.match(/^N_opt at C = /gm)).toHaveLength(iso.budgets.length);
  });
});

describe('summaries of comparisons', () => {
  const r = compareVariants([
    { name: 'baseline', values: [3.281, 3.2795, 3.2822, 3.2808, 3.2801] },
    { name: 'drop<attn>', values: [3.2786, 3.2798, 3.2762, 3.2781, 3.2777] },
  ], { metric: 'val_loss', seed: 1 });

  it('variants, the difference with its interval and p-values, power, all as the result holds them', () => {
    const text = summarizeComparison(r).summary();
    const c = r.comparisons[0]!;
    const [, diff, lo, hi, p, pAdj, g, decision] = rowOf(text, 'drop<attn>', 8);
    expect([diff, lo, hi, p, pAdj, g]).toEqual([c.diff, c.ci[0], c.ci[1], c.p, c.pAdjusted, c.effectSize].map((v) => fmtNum(v, 3)));
    expect(decision).toBe(c.decision);
    expect(text).toContain(`smallest difference detectable at α = 0.05 with power 0.8 is ${fmtNum(r.power.minDetectableDiff, 3)}`);
    expect(displayContent(r).text).toBe(text);
  });

  it('a threshold test shows each variant against the threshold with its power figures', () => {
    const one = compareVariants([{ name: 'DropAttn', values: [3.2786, 3.2798, 3.2762, 3.2781, 3.2777, 3.2790] }], { threshold: 3.28, metric: 'val_loss' });
    const text = summarizeComparison(one).summary();
    const o = one.oneSample[0]!;
    expect(rowOf(text, 'DropAttn', 8)).toEqual(['DropAttn', '3.28', 'less', fmtNum(o.mean, 6), fmtNum(o.t, 4), fmtNum(o.p, 3), fmtNum(o.minDetectableDiff, 3), '5']);
    expect(text).not.toContain('Each variant against');
  });

  it('names are escaped in HTML', () => {
    const html = summarizeComparison(r).toHTML();
    expect(html).toContain('drop&lt;attn&gt;');
    expect(html).not.toContain('<attn>');
  });

  it('a report shows its sections (no page around them) and lists them as text', () => {
    const rep = createReport({ title: 'Weekly', date: '2026-11-25' }).section('Ablations').markdown('**hi** <b>x</b>').table({ rows: [{ a: 1 }] });
    const c = displayContent(rep);
    expect(c.mime).toBe('text/html');
    expect(c.data).toBe(rep.fragmentHtml());
    expect(c.data).toContain('<p><strong>hi</strong> &lt;b&gt;x&lt;/b&gt;</p>');
    expect(c.data).not.toMatch(/<html|<header|<h2/);
    expect(c.text).toBe('Weekly (2026-11-25)\n- Ablations: 2 items\n');
  });

  it('summarize() returns undefined for anything else', () => {
    expect(summarize({ a: 1 })).toBeUndefined();
    expect(summarize(null)).toBeUndefined();
    expect(summarize('text')).toBeUndefined();
  });
});
