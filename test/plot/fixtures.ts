/**
 * Deterministic inputs for every figure kind (closed-form, no randomness), shared by the snapshot tests,
 * the child-process renderer and the report tests. The numbers follow a Chinchilla-like law
 * L = E + A/N^alpha + B/D^beta with E=1.69, A=406.4, alpha=0.34, B=410.7, beta=0.28, C = 6ND.
 */
import { thresholdRow, type ThresholdInput } from '../../src/plot/threshold.js';
import type { CurvesInput } from '../../src/plot/curves.js';
import type { ForestInput } from '../../src/plot/forest.js';
import type { FrontierInput } from '../../src/plot/frontier.js';
import type { IsoflopInput } from '../../src/plot/isoflop.js';
import type { ResidualsInput } from '../../src/plot/residuals.js';
import type { ScalingInput } from '../../src/plot/scaling.js';
import type { VariantCurvesInput } from '../../src/plot/variantCurves.js';

const law = (N: number, D: number) => 1.69 + 406.4 / N ** 0.34 + 410.7 / D ** 0.28;
/** A small deterministic wobble in [-1, 1] (no RNG: fixture bytes must never change). */
const wobble = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;

const sizes = [7e7, 1.6e8, 4e8, 1e9, 2.8e9];
export const scalingInput: ScalingInput = {
  points: sizes.map((N, i) => {
    const D = 20 * N;
    return { N, D, C: 6 * N * D, loss: law(N, D) * (1 + 0.004 * wobble(i)), heldOut: i === sizes.length - 1, run: `chin-${i}` };
  }),
  curves: [
    (() => {
      const x: number[] = [], y: number[] = [], lo: number[] = [], hi: number[] = [];
      for (let k = 0; k <= 24; k++) {
        const C = 10 ** (17.5 + k * 0.25);
        const N = Math.sqrt(C / 120);
        const L = law(N, 20 * N);
        const w = 0.004 + 0.002 * Math.max(0, k - 14);
        x.push(C); y.push(L); lo.push(L * (1 - w)); hi.push(L * (1 + w));
      }
      return { x, y, lo, hi, label: 'L(C) fit' };
    })(),
  ],
  target: { x: 10 ** 23.5, y: law(Math.sqrt(10 ** 23.5 / 120), 20 * Math.sqrt(10 ** 23.5 / 120)), lo: 1.92, hi: 2.0, label: 'target' },
};

/** A size sweep of 14 models from 10M to 1.6B, Chinchilla-optimal tokens: the continuous colour scale's case. */
export const sweepInput: ScalingInput = {
  points: Array.from({ length: 14 }, (_, i) => {
    const N = 1e7 * 1.48 ** i;
    const D = 20 * N;
    return { N, D, C: 6 * N * D, loss: law(N, D) * (1 + 0.004 * wobble(i + 50)), run: `sweep-${i}` };
  }),
};

const budgets = [1e18, 1e19, 1e20];
export const isoflopInput: IsoflopInput = {
  points: budgets.flatMap((C, b) =>
    [0.25, 0.5, 1, 2, 4].map((f, j) => {
      const N0 = Math.sqrt(C / 120);
      const N = N0 * f;
      return { C, N, loss: law(N, C / (6 * N)) + 0.002 * wobble(b * 5 + j), run: `iso-${b}-${j}` };
    }),
  ),
  parabolas: budgets.map((C) => {
    const x: number[] = [], y: number[] = [];
    const N0 = Math.sqrt(C / 120);
    for (let k = 0; k <= 20; k++) {
      const N = N0 * 0.2 * 25 ** (k / 20);
      x.push(N); y.push(law(N, C / (6 * N)));
    }
    return { C, x, y };
  }),
  minima: budgets.map((C) => {
    const N = Math.sqrt(C / 120);
    return { C, N, loss: law(N, C / (6 * N)), lo: N * 0.85, hi: N * 1.18 };
  }),
};

export const frontierInput: FrontierInput = {
  minima: budgets.map((C) => ({ C, value: Math.sqrt(C / 120), lo: Math.sqrt(C / 120) * 0.85, hi: Math.sqrt(C / 120) * 1.18 })),
  fit: {
    x: [1e18, 1e19, 1e20, 1e21, 1e22, 1e23],
    y: [1e18, 1e19, 1e20, 1e21, 1e22, 1e23].map((C) => Math.sqrt(C / 120)),
    lo: [1e18, 1e19, 1e20, 1e21, 1e22, 1e23].map((C, i) => Math.sqrt(C / 120) * (0.9 - 0.04 * i)),
    hi: [1e18, 1e19, 1e20, 1e21, 1e22, 1e23].map((C, i) => Math.sqrt(C / 120) * (1.1 + 0.05 * i)),
    label: 'N* ∝ C^0.5',
  },
  target: { x: 1e23, y: Math.sqrt(1e23 / 120), lo: Math.sqrt(1e23 / 120) * 0.7, hi: Math.sqrt(1e23 / 120) * 1.35 },
};

function curve(run: number, n: number, withSpike: boolean) {
  const step: number[] = [], value: number[] = [], smoothed: number[] = [];
  let ema = 0;
  for (let i = 0; i < n; i++) {
    const s = (i + 1) * 10;
    let v = 2.2 + 8 / Math.sqrt(s / 10 + 1) + 0.05 * run + 0.06 * wobble(run * 1000 + i);
    if (withSpike && i === Math.floor(n * 0.6)) v += 1.5;
    step.push(s); value.push(v);
    ema = i === 0 ? v : 0.9 * ema + 0.1 * v;
    smoothed.push(ema);
  }
  return { step, value, smoothed };
}

export const curvesInput: CurvesInput = {
  series: [0, 1, 2].map((r) => {
    const c = curve(r, 600, r === 1);
    return {
      run: r === 2 ? '<script>alert(1)</script>' : `run-${r}`,
      ...c,
      restarts: r === 0 ? [{ fromStep: 3200, toStep: 3000 }] : [],
      spikes: r === 1 ? [{ step: c.step[360]!, value: c.value[360]! }] : [],
    };
  }),
};

/** Two variants of two seeds each: `colorBy: 'variant'` draws each pair in one colour. */
export const curvesByVariantInput: CurvesInput = {
  series: [0, 1, 2, 3].map((r) => {
    const c = curve(r, 300, false);
    return { run: `${r < 2 ? 'baseline' : 'gate'}/seed${r % 2}`, variant: r < 2 ? 'baseline' : 'gate', step: c.step, value: c.value.map((v) => v + 0.6 - (r < 2 ? 0 : 0.05)) };
  }),
};

/** Two variants against the 3.28 record: one beats it (bound below), one does not. Bounds from thresholdRow. */
export const thresholdInput: ThresholdInput = {
  threshold: 3.28,
  alternative: 'less',
  rows: [
    thresholdRow('SparseAttnGate', [3.2787, 3.2779, 3.2791, 3.2776, 3.2784], 3.28, 'less'),
    thresholdRow('DropAttn <i>', [3.2794, 3.2811, 3.2789, 3.2802], 3.28, 'less'),
  ],
  interval: { level: 0.95, method: 't' },
};

export const forestInput: ForestInput = {
  rows: [
    { variant: 'swiglu', diff: -0.031, lo: -0.045, hi: -0.018, decision: 'better' },
    { variant: 'rope-base-1e6', diff: -0.004, lo: -0.016, hi: 0.008, decision: 'inconclusive' },
    { variant: 'no-warmup', diff: 0.052, lo: 0.031, hi: 0.074, decision: 'worse' },
    { variant: 'qk-norm <b>', diff: -0.012, lo: -0.021, hi: -0.002, decision: 'better' },
  ],
};

export const variantCurvesInput: VariantCurvesInput = {
  variants: ['baseline', 'swiglu', 'no-warmup'].map((variant, v) => {
    const step: number[] = [], mean: number[] = [], lo: number[] = [], hi: number[] = [];
    for (let i = 0; i < 500; i++) {
      const s = (i + 1) * 20;
      const m = 2.3 + 7 / Math.sqrt(s / 20 + 1) + [0, -0.03, 0.05][v]! + 0.01 * wobble(v * 700 + i);
      step.push(s); mean.push(m); lo.push(m - 0.02 - 0.1 / Math.sqrt(i + 1)); hi.push(m + 0.02 + 0.1 / Math.sqrt(i + 1));
    }
    return { variant, step, mean, lo, hi };
  }),
};

export const residualsInput: ResidualsInput = {
  points: scalingInput.points.map((p, i) => ({ x: p.C!, residual: 0.004 * wobble(i) * (p.heldOut ? 3 : 1), heldOut: p.heldOut, run: p.run })),
};
