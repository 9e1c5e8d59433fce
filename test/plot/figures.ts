/**
 * Every figure kind rendered from the shared fixtures, by name. Run directly (`npx tsx test/plot/figures.ts`)
 * it prints `{name: svg}` as JSON: the bytes plain node produces, which the snapshot test compares with its own.
 */
import { pathToFileURL } from 'node:url';
import { curvesFigure } from '../../src/plot/curves.js';
import { forestFigure } from '../../src/plot/forest.js';
import { frontierFigure } from '../../src/plot/frontier.js';
import { isoflopFigure } from '../../src/plot/isoflop.js';
import { residualsFigure } from '../../src/plot/residuals.js';
import { scalingFigure } from '../../src/plot/scaling.js';
import { variantCurvesFigure } from '../../src/plot/variantCurves.js';
import { thresholdFigure } from '../../src/plot/threshold.js';
import * as F from './fixtures.js';

export const FIGURES: Record<string, () => string> = {
  scaling: () => scalingFigure(F.scalingInput, { id: 'scaling' }),
  'scaling-by-N': () => scalingFigure(F.scalingInput, { id: 'scaling-n', x: 'N', colorBy: 'D' }),
  'scaling-sweep': () => scalingFigure(F.sweepInput, { id: 'scaling-sweep', x: 'C' }),
  isoflop: () => isoflopFigure(F.isoflopInput, { id: 'isoflop' }),
  frontier: () => frontierFigure(F.frontierInput, { id: 'frontier' }),
  curves: () => curvesFigure(F.curvesInput, { id: 'curves' }),
  'curves-log': () => curvesFigure(F.curvesInput, { id: 'curves-log', logX: true, logY: true, maxPoints: 100 }),
  'curves-by-variant': () => curvesFigure(F.curvesByVariantInput, { id: 'curves-by-variant', colorBy: 'variant', reference: { y: 3.28, label: 'record 3.28' } }),
  forest: () => forestFigure(F.forestInput, { id: 'forest' }),
  'variant-curves': () => variantCurvesFigure(F.variantCurvesInput, { id: 'variant-curves' }),
  'variant-curves-reference': () => variantCurvesFigure(F.variantCurvesInput, { id: 'variant-curves-ref', reference: [{ y: 2.7, label: 'record 2.70' }, { y: 2.6 }] }),
  threshold: () => thresholdFigure(F.thresholdInput, { id: 'threshold', metric: 'val_loss' }),
  residuals: () => residualsFigure(F.residualsInput, { id: 'residuals', relative: true }),
};

export function renderAll(): Record<string, string> {
  return Object.fromEntries(Object.entries(FIGURES).map(([k, f]) => [k, f()]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(JSON.stringify(renderAll()));
}
