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
 * rng.uint32();      // raw 32-bit word
 * rng.fillIndices(new Int32Array(100), 20); // 100 uniform indices in [0, 20), in bulk
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
  /** The next raw 32-bit word of the stream, in [0, 2^32). */
  uint32(): number;
  /**
   * Fill `out[start..end)` with independent uniform integers in [0, n), exactly unbiased (Lemire's
   * multiply-with-rejection on 16-bit halves of each word for n <= 4096, on whole words up to 2^21, plain
   * rejection above). Several times faster than `int(n)` in a loop; its stream differs from `int`'s. n = 1
   * fills zeros without drawing.
   */
  fillIndices(out: Int32Array | Uint32Array, n: number, start?: number, end?: number): void;
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
    uint32: u32,
    fillIndices(out: Int32Array | Uint32Array, n: number, start = 0, end = out.length) {
      const max = out instanceof Int32Array ? 0x80000000 : 0x100000000;
      if (!(Number.isInteger(n) && n >= 1 && n <= max)) throw new RangeError(`fillIndices(n) needs an integer n in [1, ${max}], got ${n}`);
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= out.length)) {
        throw new RangeError(`fillIndices: bad range [${start}, ${end}) of an array of length ${out.length}`);
      }
      if (n === 1) { out.fill(0, start, end); return; }
      if (n > 0x200000) {
        // x * n would not be exact in a double: plain rejection of the top partial block, then x mod n.
        const limit = 0x100000000 - (0x100000000 % n);
        for (let i = start; i < end; i++) {
          let x = u32();
          while (x >= limit) x = u32();
          out[i] = x % n;
        }
        return;
      }
      STATE[0] = s0; STATE[1] = s1; STATE[2] = s2; STATE[3] = s3;
      if (65536 % n < 8192) fillLemire16(STATE, out, n, start, end); // 16-bit halves while rejection < 1/8
      else fillLemire32(STATE, out, n, start, end);
      s0 = STATE[0]!; s1 = STATE[1]!; s2 = STATE[2]!; s3 = STATE[3]!;
    },
  };
  return rng;
}

/** xoshiro128** state handed to the fill kernels (module-level: one shared, monomorphic kernel for all generators). */
const STATE = new Int32Array(4);

/*
 * Lemire's multiply-with-rejection on a w-bit uniform u: u * n = hi * 2^w + lo; hi is uniform in [0, n) once the
 * values with lo < 2^w mod n are rejected. fillLemire16 uses both 16-bit halves of each word (high half first;
 * rejection rate < 1/16 for n <= 4096), fillLemire32 whole words (x * n < 2^53 for n <= 2^21: exact in a double).
 * Both advance the xoshiro128** state in `st` word by word exactly as u32() does.
 */
function fillLemire16(st: Int32Array, out: Int32Array | Uint32Array, n: number, start: number, end: number): void {
  let a = st[0]!, b = st[1]!, c = st[2]!, d = st[3]!;
  const t = 65536 % n;
  let i = start;
  while (i < end) {
    const y = Math.imul(b, 5);
    const x = Math.imul((y << 7) | (y >>> 25), 9);
    const sh = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= sh; d = (d << 11) | (d >>> 21);
    const m1 = (x >>> 16) * n;
    if ((m1 & 0xffff) >= t) out[i++] = m1 >>> 16;
    if (i < end) { const m2 = (x & 0xffff) * n; if ((m2 & 0xffff) >= t) out[i++] = m2 >>> 16; }
  }
  st[0] = a; st[1] = b; st[2] = c; st[3] = d;
}

function fillLemire32(st: Int32Array, out: Int32Array | Uint32Array, n: number, start: number, end: number): void {
  let a = st[0]!, b = st[1]!, c = st[2]!, d = st[3]!;
  const t = 0x100000000 % n;
  let i = start;
  while (i < end) {
    const y = Math.imul(b, 5);
    const x = Math.imul((y << 7) | (y >>> 25), 9) >>> 0;
    const sh = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= sh; d = (d << 11) | (d >>> 21);
    if ((Math.imul(x, n) >>> 0) >= t) out[i++] = Math.floor(x * n * 2.3283064365386963e-10);
  }
  st[0] = a; st[1] = b; st[2] = c; st[3] = d;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
