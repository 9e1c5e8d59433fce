/**
 * Byte-level helpers shared by the tabular loaders: a number parser that works on bytes (a correctly rounded
 * fast path for ordinary decimals, `Number()` for the rest), non-finite literals, and a string interner that
 * recognises a repeated run or metric name by its bytes without decoding it.
 *
 * @example
 * const b = Buffer.from('3.25,nan');
 * parseNumber(b, 0, 4);          // 3.25
 * parseNumber(b, 5, 8);          // NaN, numberFailed() === false (a real NaN)
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NONFINITE: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN,
  inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};

let failed = false;

/** Whether the last {@link parseNumber} call failed (its NaN result is then not a value). */
export function numberFailed(): boolean {
  return failed;
}

/**
 * Parse the bytes `b[s, e)` as a decimal number. Surrounding spaces are allowed. `nan`, `inf`, `-inf`,
 * `Infinity` (any case) give the non-finite values. Anything else (including an empty range) returns NaN with
 * {@link numberFailed} true.
 *
 * The fast path (at most 15 significant digits, decimal exponent within 22) is exact: the integer mantissa and
 * the power of ten are both exact doubles, so one IEEE multiplication or division rounds correctly (Clinger).
 *
 * @example
 * parseNumber(Buffer.from('1.5e-3'), 0, 6); // 0.0015
 */
export function parseNumber(b: Uint8Array, s: number, e: number): number {
  failed = false;
  while (s < e && (b[s] === 32 || b[s] === 9)) s++;
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
  let i = s;
  let neg = false;
  let c = b[i];
  if (c === 45) { neg = true; i++; } else if (c === 43) i++;
  let m = 0, digits = 0, scale = 0, saw = false;
  while (i < e) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    saw = true;
    if (m !== 0 || d !== 0) digits++;
    m = m * 10 + d;
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      saw = true;
      if (m !== 0 || d !== 0) digits++;
      m = m * 10 + d;
      scale--;
      i++;
    }
  }
  if (!saw) return slow(b, s, e);
  if (i < e && (b[i]! | 32) === 101) {
    i++;
    let eneg = false;
    c = b[i];
    if (c === 45) { eneg = true; i++; } else if (c === 43) i++;
    let x = 0, ed = false;
    while (i < e) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      x = x * 10 + d;
      ed = true;
      i++;
      if (x > 1e6) return slow(b, s, e);
    }
    if (!ed) return slow(b, s, e);
    scale += eneg ? -x : x;
  }
  if (i !== e || digits > 15) return slow(b, s, e);
  let v: number;
  if (scale === 0 || m === 0) v = m;
  else if (scale < 0 && scale >= -22) v = m / POW10[-scale]!;
  else if (scale > 0 && scale <= 22) v = m * POW10[scale]!;
  else return slow(b, s, e);
  return neg ? -v : v;
}

function slow(b: Uint8Array, s: number, e: number): number {
  if (e - s > 400 || s === e) {
    failed = true;
    return NaN;
  }
  const t = latin1(b, s, e);
  if (DECIMAL.test(t)) return Number(t);
  const nf = NONFINITE[t.toLowerCase()];
  if (nf !== undefined) return nf;
  failed = true;
  return NaN;
}

/** Parse a string as a number with the same rules as {@link parseNumber}; undefined when it is not one. */
export function parseNumberText(t: string): number | undefined {
  const s = t.trim();
  if (s === '') return undefined;
  if (DECIMAL.test(s)) return Number(s);
  const nf = NONFINITE[s.toLowerCase()];
  return nf;
}

function latin1(b: Uint8Array, s: number, e: number): string {
  let t = '';
  for (let i = s; i < e; i++) t += String.fromCharCode(b[i]!);
  return t;
}

const decoder = new TextDecoder('utf-8');

/** Decode `b[s, e)` as UTF-8. */
export function utf8(b: Uint8Array, s: number, e: number): string {
  // Short ASCII strings (run and metric names) are cheaper to build by hand than through TextDecoder.
  if (e - s <= 32) {
    let t = '';
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      if (c >= 128) return decoder.decode(b.subarray(s, e));
      t += String.fromCharCode(c);
    }
    return t;
  }
  return decoder.decode(b.subarray(s, e));
}

interface Interned {
  bytes: Uint8Array;
  tag: number;
  value: number;
}

/**
 * Maps byte strings to small integers (run or metric indices) without decoding repeats: the last hit is
 * checked first, then a direct-mapped cache slot picked from the length and three bytes, then a full hash of the
 * bytes. Every hit is confirmed byte for byte. `tag` lets the caller distinguish encodings (e.g. a quoted field
 * with escaped quotes) whose raw bytes would decode differently.
 *
 * @example
 * const it = new Interner((name) => builder.metricId(name));
 * it.get(buf, s, e, 0); // the metric id of the name in buf[s, e)
 */
export class Interner {
  private last: Interned | undefined;
  private readonly table = new Map<number, Interned[]>();
  // Direct-mapped cache: a few distinct names (metrics cycling row by row) each settle in their own slot.
  private readonly slots: (Interned | undefined)[] = new Array<Interned | undefined>(SLOTS).fill(undefined);
  constructor(private readonly make: (bytes: Uint8Array, s: number, e: number, tag: number) => number) {}

  get(b: Uint8Array, s: number, e: number, tag: number): number {
    const last = this.last;
    if (last !== undefined && last.tag === tag && same(last.bytes, b, s, e)) return last.value;
    const len = e - s;
    const slot = len === 0 ? 0 : (len * 7 + b[s]! * 31 + b[e - 1]! * 131 + b[s + (len >> 1)]! * 17 + tag) & (SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.tag === tag && same(cached.bytes, b, s, e)) {
      this.last = cached;
      return cached.value;
    }
    const it = this.lookup(b, s, e, tag);
    this.slots[slot] = it;
    this.last = it;
    return it.value;
  }

  private lookup(b: Uint8Array, s: number, e: number, tag: number): Interned {
    let h = 0x811c9dc5 ^ tag;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 16777619);
    let list = this.table.get(h);
    if (list) {
      for (const it of list) if (it.tag === tag && same(it.bytes, b, s, e)) return it;
    } else {
      list = [];
      this.table.set(h, list);
    }
    // Copy the bytes: `b` is a reused read buffer (and Buffer#slice would be a view).
    const it: Interned = { bytes: Uint8Array.prototype.slice.call(b, s, e), tag, value: this.make(b, s, e, tag) };
    list.push(it);
    return it;
  }
}

const SLOTS = 256;

function same(a: Uint8Array, b: Uint8Array, s: number, e: number): boolean {
  if (a.length !== e - s) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[s + i]) return false;
  return true;
}
