/**
 * The seeded generator: the existing streams (next/int/normal/fork) are pinned to the values they had before
 * uint32/fillIndices were added; fillIndices follows its documented algorithm word by word (checked against an
 * independent re-implementation on uint32()), stays in range, is deterministic, passes chi-square uniformity on
 * fixed seeds, hands the generator state back exactly, and rejects bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/stats/random.js';

/** Reference: Lemire's multiply-with-rejection from raw words, as documented on fillIndices. */
function referenceIndices(seed: number, n: number, count: number): { out: number[]; after: number } {
  const rng = createRng(seed);
  const out: number[] = [];
  if (n === 1) return { out: new Array<number>(count).fill(0), after: rng.next() };
  const two = BigInt(2);
  if (n > 2 ** 21) {
    const limit = 2 ** 32 - (2 ** 32 % n);
    while (out.length < count) { const x = rng.uint32(); if (x < limit) out.push(x % n); }
  } else if (65536 % n < 8192) {
    // 16-bit halves, high half first
    const t = 65536 % n;
    while (out.length < count) {
      const x = rng.uint32();
      for (const u of [Math.floor(x / 65536), x % 65536]) {
        if (out.length === count) break;
        const m = u * n;
        if (m % 65536 >= t) out.push(Math.floor(m / 65536));
      }
    }
  } else {
    const t = BigInt(2 ** 32 % n), N = BigInt(n), W = two ** BigInt(32);
    while (out.length < count) {
      const m = BigInt(rng.uint32()) * N;
      if (m % W >= t) out.push(Number(m / W));
    }
  }
  return { out, after: rng.next() };
}

function chiSquare(counts: ArrayLike<number>, expected: number): number {
  let x = 0;
  for (let i = 0; i < counts.length; i++) x += (counts[i]! - expected) ** 2 / expected;
  return x;
}

describe('existing streams are unchanged', () => {
  it('next/int/normal/fork for seed 42 and a fractional seed match the values before fillIndices existed', () => {
    const r = createRng(42);
    expect([r.next(), r.next(), r.next()]).toEqual([0.6606157208001621, 0.1117019639532224, 0.0791056456144914]);
    expect([r.int(10), r.int(1000), r.int(2 ** 32), r.int(3e9)]).toEqual([6, 688, 3782522214, 1395801302]);
    expect([r.normal(), r.normal(), r.normal()]).toEqual([1.5576636023738426, -0.019829215651034723, 0.12320105964170727]);
    expect(createRng(42).fork(3).next()).toBe(0.8948846433738498);
    expect(createRng(-1.5).next()).toBe(0.9376707112801597);
  });

  it('uint32 is the word stream next() is built from', () => {
    const a = createRng(9), b = createRng(9);
    const hi = a.uint32(), lo = a.uint32();
    expect(b.next()).toBe(((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992);
    for (let i = 0; i < 1000; i++) { const w = a.uint32(); expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true); }
  });
});

describe('fillIndices', () => {
  it('follows the documented algorithm word by word and hands the state back (16-bit, 32-bit, modulo paths, n = 1)', () => {
    for (const [n, count] of [[1, 10], [2, 999], [5, 1000], [20, 4001], [4096, 3000], [8000, 3000], [12289, 500], [100_000, 3000], [2 ** 21, 500], [2 ** 21 + 1, 500], [3_000_000_000, 500]] as const) {
      const rng = createRng(n);
      const out = new Uint32Array(count);
      rng.fillIndices(out, n);
      const ref = referenceIndices(n, n, count);
      expect(Array.from(out), `n = ${n}`).toEqual(ref.out);
      expect(rng.next(), `state after n = ${n}`).toBe(ref.after);
    }
  });

  it('is deterministic, stays in [0, n), and writes only out[start..end)', () => {
    for (const n of [2, 7, 250, 4096, 8192, 65536, 70_000, 2 ** 31]) {
      const a = new Int32Array(5000).fill(-1), b = new Int32Array(5000).fill(-1);
      createRng(3).fillIndices(a, n, 100, 4900);
      createRng(3).fillIndices(b, n, 100, 4900);
      expect(a).toEqual(b);
      const bad = Array.from(a.entries()).filter(([i, v]) => (i < 100 || i >= 4900 ? v !== -1 : !(v >= 0 && v < n)));
      expect(bad, `n = ${n}`).toEqual([]);
    }
    const u = new Uint32Array(2000);
    createRng(4).fillIndices(u, 2 ** 32);
    expect(Math.max(...u)).toBeGreaterThan(2 ** 31); // the full unsigned range is reachable
  });

  it('one call or several consecutive calls draw the same stream only through the state (no hidden buffering)', () => {
    const a = new Int32Array(1000), b = new Int32Array(1000);
    const r1 = createRng(11), r2 = createRng(11);
    r1.fillIndices(a, 13, 0, 600); const x1 = r1.next(); r1.fillIndices(a, 13, 600, 1000);
    r2.fillIndices(b, 13, 0, 600); const x2 = r2.next(); r2.fillIndices(b, 13, 600, 1000);
    expect(a).toEqual(b);
    expect(x1).toBe(x2);
  });

  it('the 16-bit rejection is exact: every value in [0, n) has the same number of accepted 16-bit inputs', () => {
    for (const n of [3, 5, 7, 20, 250, 4095, 8000]) {
      const t = 65536 % n, hits = new Int32Array(n);
      for (let u = 0; u < 65536; u++) { const m = u * n; if ((m & 0xffff) >= t) hits[m >>> 16]++; }
      expect(new Set(hits).size, `n = ${n}`).toBe(1);
      expect(hits[0]).toBe(Math.floor(65536 / n));
    }
  });

  it('chi-square uniformity on fixed seeds (p = 1e-4 critical values)', () => {
    // [n, draws, bins, critical value of chi2 with bins - 1 df at p = 1e-4]
    const cases = [[7, 70_000, 7, 27.856], [20, 200_000, 20, 50.795], [5000, 500_000, 100, 160.056], [100_000, 500_000, 100, 160.056], [3_000_000_000, 200_000, 10, 33.720]] as const;
    for (const [n, draws, bins, crit] of cases) {
      const out = new Uint32Array(draws);
      createRng(2026).fillIndices(out, n);
      const counts = new Float64Array(bins);
      for (const v of out) counts[Math.floor((v * bins) / n)]++; // n is a multiple of bins: equal-width bins
      const x = chiSquare(counts, draws / bins);
      expect(x, `n = ${n}: chi2 ${x}`).toBeLessThan(crit);
    }
  });

  it('pairs of consecutive indices are independent (chi-square on the 10 x 10 table)', () => {
    const out = new Int32Array(200_001);
    createRng(5).fillIndices(out, 10);
    const table = new Float64Array(100);
    for (let i = 0; i + 1 < out.length; i += 2) table[out[i]! * 10 + out[i + 1]!]++;
    expect(chiSquare(table, 100_000 / 100)).toBeLessThan(160.056);
  });

  it('rejects a bad n or range', () => {
    const rng = createRng(1), a = new Int32Array(4);
    expect(() => rng.fillIndices(a, 0)).toThrow(RangeError);
    expect(() => rng.fillIndices(a, 2.5)).toThrow(RangeError);
    expect(() => rng.fillIndices(a, NaN)).toThrow(RangeError);
    expect(() => rng.fillIndices(a, 2 ** 31 + 1)).toThrow(/\[1, 2147483648\]/);
    expect(() => rng.fillIndices(new Uint32Array(4), 2 ** 32 + 1)).toThrow(RangeError);
    expect(() => rng.fillIndices(a, 3, 2, 1)).toThrow(/bad range/);
    expect(() => rng.fillIndices(a, 3, 0, 5)).toThrow(/bad range/);
    expect(() => rng.fillIndices(a, 3, -1)).toThrow(/bad range/);
  });
});
