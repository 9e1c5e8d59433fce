/**
 * approach3FrontierInput: the compute-optimal frontier of a fitted Chinchilla law, checked against the closed form
 * (Hoffmann et al. 2022, eq. 4: N_opt = G (C/6)^a, a = β/(α+β)) and the constraint C = 6 N D, with a bootstrap band.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { frontierFigure } from '../../src/plot/frontier.js';
import { approach3FrontierInput } from '../../src/report/adapt.js';

const P = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };

describe('approach3FrontierInput', () => {
  it('follows the closed form, and N* D* 6 = C', () => {
    const n = approach3FrontierInput(P, { C: [1e18, 1e22], target: 1e24 });
    const d = approach3FrontierInput(P, { C: [1e18, 1e22], target: 1e24, quantity: 'D' });
    const G = ((P.alpha * P.A) / (P.beta * P.B)) ** (1 / (P.alpha + P.beta));
    const a = P.beta / (P.alpha + P.beta);
    expect(n.target!.y!).toBeCloseTo(G * (1e24 / 6) ** a, -3);
    expect((6 * n.target!.y! * d.target!.y!) / 1e24).toBeCloseTo(1, 10);
    expect(n.fit!.label).toBe('N* ∝ C^0.452 (Approach 3)');
    expect(n.minima).toEqual([]);
    expect(n.fit!.x[0]).toBe(1e18);
    expect(n.fit!.x[n.fit!.x.length - 1]).toBe(1e24); // the line reaches the target
  });
  it('draws give a pointwise band around the estimate and an interval at the target', () => {
    const k = 200;
    const jitter = (v: number, i: number, s: number) => v * (1 + s * Math.sin(i * 12.9898 + s * 78.233));
    const draws = {
      A: Float64Array.from({ length: k }, (_, i) => jitter(P.A, i, 0.05)),
      B: Float64Array.from({ length: k }, (_, i) => jitter(P.B, i + 1, 0.05)),
      alpha: Float64Array.from({ length: k }, (_, i) => jitter(P.alpha, i + 2, 0.02)),
      beta: Float64Array.from({ length: k }, (_, i) => jitter(P.beta, i + 3, 0.02)),
    };
    const input = approach3FrontierInput(P, { C: [1e18, 1e21], target: 1e23, draws, interval: { level: 0.95, method: 'percentile', resamples: k, seed: 1 } });
    const f = input.fit!;
    for (let j = 0; j < f.x.length; j++) expect(f.lo![j]! <= f.y[j]! && f.y[j]! <= f.hi![j]!).toBe(true);
    expect(input.target!.lo!).toBeLessThan(input.target!.y!);
    expect(input.target!.hi!).toBeGreaterThan(input.target!.y!);
    const svg = frontierFigure(input, { id: 'a3' });
    expect(svg).toContain('N* ∝ C^0.452 (Approach 3)');
    expect(svg).toContain('95% percentile');
  });
  it('refuses a bad range and draws without a parameter', () => {
    expect(() => approach3FrontierInput(P, { C: [1e20, 1e18] })).toThrow(InputError);
    expect(() => approach3FrontierInput(P, { C: [1e18, 1e20], draws: { A: [1], B: [1], alpha: [0.3] } })).toThrow(/beta/);
  });
});
