/**
 * The one seeded random generator every random draw in scalelab goes through.
 *
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32: fast, 2^128 - 1 period, and identical
 * streams on every platform, so the same inputs and seed give the same bytes.
 *
 * @example
 * const rng = createRng(42);
 * rng.next();        // uniform in [0, 1)
 * rng.int(10);       // uniform integer in [0, 10)
 * rng.normal();      // standard normal
 * const child = rng.fork(3); // an independent stream, e.g. for worker 3
 */
export interface Rng {
  /** Uniform double in [0, 1) with 53 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box-Muller, polar form). */
  normal(): number;
  /** A new generator whose stream is independent of this one's, keyed by `key`. */
  fork(key: number): Rng;
  /** The seed this generator was created from. */
  readonly seed: number;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Create the seeded generator.
 *
 * @param seed any finite number; integers are used as they are, other numbers are hashed.
 * @example
 * const a = createRng(7), b = createRng(7);
 * a.next() === b.next(); // true
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const sm = splitmix32(Math.trunc(seed) ^ Math.round((seed % 1) * 0x7fffffff));
  let s0 = sm(), s1 = sm(), s2 = sm(), s3 = sm();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spare = NaN;
  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const rng: Rng = {
    seed,
    next() {
      // 53-bit double: 27 high bits + 26 low bits.
      return ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
    },
    int(n: number) {
      if (!(n > 0)) throw new RangeError(`int(n) needs n > 0, got ${n}`);
      if (n <= 0x100000000) {
        // Lemire-style rejection to avoid modulo bias.
        const limit = 0x100000000 - (0x100000000 % n);
        let x = u32();
        while (x >= limit) x = u32();
        return x % n;
      }
      return Math.floor(rng.next() * n);
    },
    normal() {
      if (!Number.isNaN(spare)) { const s = spare; spare = NaN; return s; }
      let u: number, v: number, q: number;
      do { u = 2 * rng.next() - 1; v = 2 * rng.next() - 1; q = u * u + v * v; } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      spare = v * f;
      return u * f;
    },
    fork(key: number) {
      return createRng(((u32() ^ Math.imul(key + 1, 0x9e3779b9)) >>> 0) + key);
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
