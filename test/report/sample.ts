/**
 * A small report that uses every figure kind and every builder item, from the deterministic plot fixtures.
 * Shared by the HTML snapshot test and the browser test. Run directly, it prints the HTML.
 */
import { pathToFileURL } from 'node:url';
import { curvesFigure } from '../../src/plot/curves.js';
import { frontierFigure } from '../../src/plot/frontier.js';
import { isoflopFigure } from '../../src/plot/isoflop.js';
import { residualsFigure } from '../../src/plot/residuals.js';
import { scalingFigure } from '../../src/plot/scaling.js';
import { variantCurvesFigure } from '../../src/plot/variantCurves.js';
import { createReport, type Report } from '../../src/report/builder.js';
import * as F from '../plot/fixtures.js';

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sampleReport(): Report {
  return createReport({ title: 'Weekly review <script>alert(1)</script>', date: '2026-11-25', subtitle: 'Synthetic inputs: every figure kind' })
    .section('Scaling law')
    .markdown('The fit extrapolates to **3e23** FLOPs. <img src=x onerror=alert(1)> See [docs](https://example.org) and [bad](javascript:alert(1)).\n\n- held-out point hollow\n- band: 95% interval')
    .fitSummary({
      name: 'L(C) power law',
      law: 'L = E + a·C^(−α)',
      params: [
        { name: 'E', value: 1.69, lo: 1.61, hi: 1.77, se: 0.041 },
        { name: 'α', value: 0.154, lo: 0.141, hi: 0.168, se: 0.0068 },
      ],
      interval: { level: 0.95, method: 'bootstrap over runs (BCa), 2000 resamples' },
      n: 4,
      nHeldOut: 1,
      stats: { rmse: 0.00412, iterations: 87 },
      converged: true,
      predictions: [{ label: 'loss at 3.16e23 FLOPs', value: 1.961, lo: 1.92, hi: 2.0 }],
    })
    .figure(scalingFigure(F.scalingInput, { id: 'scaling' }), 'Final loss against compute, coloured by model size.', F.scalingInput)
    .figure(residualsFigure(F.residualsInput, { id: 'residuals', relative: true }), 'Relative residuals of the fit.')
    .section('Compute-optimal frontier')
    .figure(isoflopFigure(F.isoflopInput, { id: 'isoflop' }), 'IsoFLOP profiles and their minima.')
    .figure(frontierFigure(F.frontierInput, { id: 'frontier' }), 'Optimal parameters against compute.')
    .fitSummary({ name: 'Frontier (did not converge)', params: [{ name: 'a', value: 0.5, lo: NaN, hi: Infinity }], converged: false, message: 'max iterations reached <100>' })
    .section('Training curves')
    .figure(curvesFigure(F.curvesInput, { id: 'curves' }), 'Raw (faint) and smoothed loss; restart dashed, spike crossed.')
    .section('Ablations')
    .comparisonTable(
      { title: 'Ablations vs baseline', metric: 'final loss', baseline: 'baseline', method: 'Welch t', level: 0.95, correction: 'Holm', rows: F.forestInput.rows.map((r, i) => ({ ...r, n: 3, nBaseline: 3, p: [0.0012, 0.48, 0.00031, 0.031][i], pAdjusted: [0.0036, 0.48, 0.0012, 0.062][i] })) },
      { forest: true, figureId: 'forest' },
    )
    .figure(variantCurvesFigure(F.variantCurvesInput, { id: 'variant-curves' }), 'Variant mean curves with 95% bands.')
    .table({ rows: [{ run: '<b>run</b>', N: 7e7, C: 8.4e17, loss: 3.7712345, state: 'finished' }, { run: 'x', N: 1.6e8, C: 3.1e18, loss: NaN, state: null }], columns: ['run', { key: 'N', format: 'size' }, { key: 'C', format: 'flops' }, 'loss', 'state'], caption: 'Runs' })
    .provenance({
      files: [{ path: 'data/<evil>.csv', sha256: SHA, rows: 1200, bytes: 0 }],
      version: '0.1.0',
      options: { sources: ['data/*.csv'], bootstrap: { resamples: 2000 } },
      seeds: { bootstrap: 20261125 },
      date: '2026-11-25',
    });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(sampleReport().toHtml());
