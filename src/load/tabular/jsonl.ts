/**
 * JSON Lines: one object per line, long form (`run`, `step`, `metric`, `value`, ...) or wide form (`step` plus one
 * key per metric), decided from the first object's keys.
 *
 * A specialised byte parser handles flat objects (string keys without escapes; number, string, null, boolean
 * values; Python's `NaN`/`Infinity`/`-Infinity`); any other line falls back to `JSON.parse` (nested objects are
 * flattened with `/`: `{"train": {"loss": 1}}` is metric `train/loss`). In long form a `flag` key (0 ok,
 * 1 non-finite, 2 skipped iteration, as src/runs/io.ts writes it) marks skipped iterations. Null is missing;
 * strings and booleans in a wide key are skipped with a warning. A damaged line (not JSON, not an object, nested
 * deeper than {@link MAX_DEPTH} levels, a step that is not a non-negative integer, a missing run or metric) is
 * refused with a warning naming file:line and counted; a file with no loadable line is a LoadError. A time key
 * may hold `H:MM:SS` text (LLaMA-Factory's `elapsed_time`). A last line without newline is kept and flagged.
 *
 * @example
 * await readJsonl(ctx); // ctx.path = 'metrics.jsonl' with lines like {"step": 10, "train/loss": 3.2}
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { LoadError } from '../../errors.js';
import { Flag } from '../../runs/types.js';
import type { LoadContext } from '../types.js';
import { Interner, numberFailed, parseNumber, utf8 } from './bytes.js';
import { RowSkips, StepChecker, warnUnterminated } from './damage.js';
import { parsePythonJson } from './pyjson.js';
import { resolveRoles, stepCandidates, TIME_NAMES, TOKEN_NAMES, type RoleHints } from './roles.js';

/** Nesting deeper than this (objects in objects) makes a line damaged: no metric log nests so deep. */
export const MAX_DEPTH = 64;

/** Lines without a step key tolerated before the first that has one (then the file is a LoadError). */
const FIRST_TRIES = 20;

/** A problem with one line: the line is refused (warning, counted), the load goes on. */
class LineFault extends Error {}

/** Clock text `H:MM:SS` or `MM:SS` (fractional seconds allowed) as seconds (LLaMA-Factory's elapsed_time), else NaN. */
function clockSeconds(t: string): number {
  const m = /^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$/.exec(t);
  if (!m) return NaN;
  return (m[1] !== undefined ? Number(m[1]) * 3600 : 0) + Number(m[2]) * 60 + Number(m[3]);
}

const T_NUM = 0, T_STR = 1, T_NULL = 2, T_BOOL = 3, T_OTHER = 4;
const CHUNK = 1 << 22;

/** One parsed line: keys as byte ranges or strings, values typed. */
class Line {
  n = 0;
  kS = new Int32Array(64);
  kE = new Int32Array(64);
  keyText: (string | undefined)[] = [];
  type = new Uint8Array(64);
  num = new Float64Array(64);
  vS = new Int32Array(64);
  vE = new Int32Array(64);
  strText: (string | undefined)[] = [];
  bytes: Uint8Array = new Uint8Array(0);
  grow(): void {
    const n = this.kS.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.kS = i32(this.kS); this.kE = i32(this.kE); this.vS = i32(this.vS); this.vE = i32(this.vE);
    const t = new Uint8Array(n); t.set(this.type); this.type = t;
    const f = new Float64Array(n); f.set(this.num); this.num = f;
  }
}

const enum Role { Wide, Step, Run, Metric, Value, Tokens, Flops, Time, Flag, Ignore }

/**
 * Read `ctx.path` as JSON Lines.
 *
 * @example
 * await readJsonl(ctx, { step: ['_step'] });
 */
export async function readJsonl(ctx: LoadContext, hints: RoleHints = {}): Promise<void> {
  const file = ctx.path;
  const b = ctx.builder;
  const line = new Line();
  let started = false;
  let long = false;
  const colNames: string[] = [];
  const colRole: Role[] = [];
  const colMetric: number[] = [];
  const colState = new Map<number, number>(); // wide: 1 numeric, 2 skipped
  const byName = new Map<string, number>();
  let firstRoles: ReturnType<typeof resolveRoles> | undefined;
  let firstNames: string[] = [];
  const colOf = (name: string): number => {
    let c = byName.get(name);
    if (c !== undefined) return c;
    c = colNames.length;
    byName.set(name, c);
    colNames.push(name);
    const idx = firstNames.indexOf(name);
    let role = Role.Wide;
    if (firstRoles && idx >= 0) {
      const r = firstRoles;
      role = idx === r.step ? Role.Step : idx === r.run ? Role.Run : idx === r.tokens ? Role.Tokens : idx === r.flops ? Role.Flops
        : idx === r.time ? Role.Time : long && idx === r.metric ? Role.Metric : long && idx === r.value ? Role.Value
        : long && idx === r.flag ? Role.Flag : Role.Wide;
    }
    else if (firstRoles) {
      // A key the first object did not have: the extra columns are recognised by name.
      const l = name.toLowerCase();
      if (TOKEN_NAMES.includes(l) && firstRoles.tokens < 0) role = Role.Tokens;
      else if (l === 'flops') role = Role.Flops;
      else if ((hints.time ?? TIME_NAMES).includes(l) && firstRoles.time < 0) role = Role.Time;
      else if (l === 'flag' && long && firstRoles.flag < 0) role = Role.Flag;
    }
    if (long && role === Role.Wide) role = Role.Ignore;
    colRole.push(role);
    colMetric.push(role === Role.Wide ? b.metricId(name) : -1);
    return c;
  };
  const keysAt: Interner[] = []; // one per key position: consecutive lines usually repeat the key order
  const runs = new Interner((buf, s, e) => ctx.addRun({ key: utf8(buf, s, e) }));
  const metrics = new Interner((buf, s, e) => b.metricId(utf8(buf, s, e)));
  let single = -1;
  const enc = new TextEncoder();
  const warnedOther = new Set<number>();
  let cols = new Int32Array(64);
  let noStepLines = 0;
  let noStepFirst: { line: number; keys: string } | undefined;

  const handle = (lineNo: number): void => {
    const L = line;
    if (!started) {
      firstNames = [];
      for (let i = 0; i < L.n; i++) firstNames.push(keyOf(L, i));
      firstRoles = resolveRoles(firstNames, ctx.options, hints);
      long = firstRoles.long;
      if (firstRoles.step < 0) {
        // A first line without a step (a config header, a damaged key) is refused; the next one may start the
        // table. After FIRST_TRIES such lines the file is not a metric log with a known step key.
        firstRoles = undefined;
        const keys = `{${firstNames.slice(0, 12).join(', ')}${firstNames.length > 12 ? ', ...' : ''}}`;
        const expected = `a step key (${stepCandidates(ctx.options, hints)}); name it with stepColumn (CLI: --step-column)`;
        noStepFirst ??= { line: lineNo, keys };
        if (++noStepLines >= FIRST_TRIES) {
          throw new LoadError(`no step key in the first ${FIRST_TRIES} objects (the first at line ${noStepFirst.line}: ${noStepFirst.keys})`, { file, line: noStepFirst.line, expected });
        }
        throw new LineFault(`no step key in ${keys} (expected ${expected})`);
      }
      steps = new StepChecker(ctx, skips, firstNames[firstRoles.step]!);
      started = true;
    }
    if (cols.length < L.n) cols = new Int32Array(L.n * 2);
    let step = NaN, run = -1, metric = -1, value = NaN, hasValue = false, tokens = NaN, flops = NaN, time = NaN, sawStep = false;
    let flag: number = Flag.ok, sawValue = false;
    for (let i = 0; i < L.n; i++) {
      const t = L.keyText[i];
      if (i === keysAt.length) keysAt.push(new Interner((buf, s, e) => colOf(utf8(buf, s, e))));
      const c = t !== undefined ? colOf(t) : keysAt[i]!.get(L.bytes, L.kS[i]!, L.kE[i]!, 0);
      cols[i] = c;
      const role = colRole[c]!, ty = L.type[i]!;
      switch (role) {
        case Role.Step:
          sawStep = true;
          if (ty !== T_NUM || Number.isNaN(L.num[i]!)) throw new LineFault(`step is not a number (key ${colNames[c]})`);
          step = L.num[i]!;
          break;
        case Role.Run:
          if (ty === T_STR) {
            if (L.strText[i] !== undefined) { const s = enc.encode(L.strText[i]); run = runs.get(s, 0, s.length, 0); }
            else run = runs.get(L.bytes, L.vS[i]!, L.vE[i]!, 0);
          }
          else if (ty === T_NUM) { const s = enc.encode(String(L.num[i])); run = runs.get(s, 0, s.length, 0); }
          else throw new LineFault(`the run name is not a string or number (key ${colNames[c]})`);
          break;
        case Role.Metric:
          if (ty !== T_STR) throw new LineFault(`the metric name is not a string (key ${colNames[c]})`);
          if (L.strText[i] !== undefined) { const s = enc.encode(L.strText[i]); metric = metrics.get(s, 0, s.length, 0); }
          else metric = metrics.get(L.bytes, L.vS[i]!, L.vE[i]!, 0);
          break;
        case Role.Value:
          sawValue = true;
          if (ty === T_NUM) { value = L.num[i]!; hasValue = true; }
          else if (ty !== T_NULL) throw new LineFault(`the value is not a number or null (key ${colNames[c]})`);
          break;
        case Role.Tokens: if (ty === T_NUM) tokens = L.num[i]!; break;
        case Role.Flops: if (ty === T_NUM) flops = L.num[i]!; break;
        case Role.Time:
          if (ty === T_NUM) time = L.num[i]!;
          else if (ty === T_STR) time = clockSeconds(strOf(L, i));
          break;
        case Role.Flag: {
          // As src/runs/io.ts writes it: 0 ok, 1 non-finite (the builder derives it from the value), 2 skipped.
          const f = ty === T_NUM ? L.num[i]! : ty === T_NULL ? 0 : -1;
          if (f === 2) flag = Flag.skipped;
          else if (f !== 0 && f !== 1) throw new LineFault(`the flag is not 0 (ok), 1 (non-finite) or 2 (skipped) (key ${colNames[c]})`);
          break;
        }
        default: break;
      }
    }
    if (!sawStep) throw new LineFault(`no step in this object (key ${firstNames[firstRoles!.step] ?? 'step'})`);
    if (!steps!.ok(step, lineNo)) return;
    if (run < 0) {
      if (firstRoles!.run >= 0 && long) throw new LineFault(`no run in this object (key ${firstNames[firstRoles!.run]})`);
      if (firstRoles!.run < 0 || run < 0) run = single >= 0 ? single : (single = ctx.addRun({}));
    }
    if (long) {
      if (metric < 0) throw new LineFault('no metric in this object (key metric)');
      if (!sawValue) throw new LineFault('no value in this object (key value; null if the value is missing)');
      loaded++;
      if (hasValue) b.push(run, step, metric, value, tokens, flops, time, flag);
      return;
    }
    loaded++;
    let bad: string | undefined;
    for (let i = 0; i < L.n; i++) {
      const c = cols[i]!;
      if (colRole[c] !== Role.Wide) continue;
      const ty = L.type[i]!;
      if (ty === T_NULL) continue;
      const st = colState.get(c);
      if (ty === T_NUM) {
        if (st === 2) continue;
        if (st === undefined) colState.set(c, 1);
        b.push(run, step, colMetric[c]!, L.num[i]!, tokens, flops, time);
      } else if (st === 1) {
        bad ??= `key '${colNames[c]}' is not a number here (it held numbers before; the line's other keys were kept)`;
      } else if (st === undefined) {
        colState.set(c, 2);
        if (!warnedOther.has(c)) {
          warnedOther.add(c);
          ctx.warn(`key '${colNames[c]}' is not numeric: skipped`, { line: lineNo });
        }
      }
    }
    if (bad !== undefined) skips.skip(lineNo, bad);
  };

  const skips = new RowSkips(ctx);
  let steps: StepChecker | undefined;
  let loaded = 0;
  const end = forEachLine(file, (buf, s, e, lineNo) => {
    line.bytes = buf;
    try {
      if (!parseFlat(buf, s, e, line)) parseSlow(buf, s, e, line);
      handle(lineNo);
    } catch (err) {
      if (!(err instanceof LineFault)) throw err;
      skips.skip(lineNo, err.message);
    }
  });
  if (end.unterminated) warnUnterminated(ctx, end.lastLine);
  if (!started) {
    skips.finish(0);
    throw new LoadError('no JSON object in the file', { file, line: 1, expected: 'one JSON object per line' });
  }
  if (single < 0 && firstRoles!.run < 0) ctx.addRun({});
  skips.finish(loaded);
}

function strOf(L: Line, i: number): string {
  return L.strText[i] ?? utf8(L.bytes, L.vS[i]!, L.vE[i]!);
}

function keyOf(L: Line, i: number): string {
  return L.keyText[i] ?? utf8(L.bytes, L.kS[i]!, L.kE[i]!);
}

/**
 * Call `fn` with each non-blank line (without its newline or CR), streaming the file in chunks. Returns the last
 * non-blank line's number and whether it lacked a newline while an earlier line had one.
 */
function forEachLine(file: string, fn: (buf: Buffer, s: number, e: number, line: number) => void): { lastLine: number; unterminated: boolean } {
  const fd = openSync(file, 'r');
  let lastLine = 0, firstLine = 0, unterminated = false;
  try {
    let buf = Buffer.allocUnsafe(CHUNK);
    let len = 0, lineNo = 1, first = true;
    for (;;) {
      if (len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const got = readSync(fd, buf, len, buf.length - len, null);
      len += got;
      let p = 0;
      if (first && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3;
      first = false;
      for (;;) {
        let nl = buf.indexOf(10, p);
        if (nl < 0 || nl >= len) {
          if (got > 0) break;
          nl = len;
          if (p >= len) break;
        }
        let e = nl;
        if (e > p && buf[e - 1] === 13) e--;
        let s = p;
        while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
        if (s < e) {
          if (firstLine === 0) firstLine = lineNo;
          lastLine = lineNo;
          unterminated = nl >= len;
          fn(buf, s, e, lineNo);
        }
        lineNo++;
        p = nl + 1;
        if (nl >= len) break;
      }
      if (got === 0) return { lastLine, unterminated: unterminated && lastLine > firstLine };
      buf.copyWithin(0, p, len);
      len -= p;
    }
  } finally {
    closeSync(fd);
  }
}

function ws(b: Uint8Array, p: number, e: number): number {
  while (p < e) {
    const c = b[p];
    if (c !== 32 && c !== 9) break;
    p++;
  }
  return p;
}

/** Parse a flat JSON object in b[s, e) into L; false when the line needs the general parser. */
function parseFlat(b: Uint8Array, s: number, e: number, L: Line): boolean {
  let p = ws(b, s, e);
  if (b[p] !== 123) return false;
  p = ws(b, p + 1, e);
  let n = 0;
  if (b[p] === 125) { L.n = 0; return ws(b, p + 1, e) === e; }
  for (;;) {
    if (n === L.kS.length) L.grow();
    if (b[p] !== 34) return false;
    const ks = ++p;
    while (p < e && b[p] !== 34) { if (b[p] === 92) return false; p++; }
    if (p >= e) return false;
    L.kS[n] = ks; L.kE[n] = p; L.keyText[n] = undefined; L.strText[n] = undefined;
    p = ws(b, p + 1, e);
    if (b[p] !== 58) return false;
    p = ws(b, p + 1, e);
    const c = b[p];
    if (c === 34) {
      const vs = ++p;
      while (p < e && b[p] !== 34) { if (b[p] === 92) return false; p++; }
      if (p >= e) return false;
      L.type[n] = T_STR; L.vS[n] = vs; L.vE[n] = p;
      p++;
    } else if (c === 123 || c === 91) {
      return false;
    } else {
      const vs = p;
      while (p < e) { const d = b[p]; if (d === 44 || d === 125 || d === 32 || d === 9) break; p++; }
      const ve = p, len = ve - vs;
      if (c === 110 && len === 4 && b[vs + 1] === 117) L.type[n] = T_NULL; // null
      else if ((c === 116 && len === 4) || (c === 102 && len === 5)) { L.type[n] = T_BOOL; L.num[n] = c === 116 ? 1 : 0; if (!isWord(b, vs, ve)) return false; }
      else {
        const v = parseNumber(b, vs, ve);
        if (v !== v && numberFailed()) return false;
        if (!jsonNumberShape(b, vs, ve)) return false;
        L.type[n] = T_NUM; L.num[n] = v;
      }
    }
    n++;
    p = ws(b, p, e);
    if (b[p] === 44) { p = ws(b, p + 1, e); continue; }
    if (b[p] === 125) { L.n = n; return ws(b, p + 1, e) === e; }
    return false;
  }
}

function isWord(b: Uint8Array, s: number, e: number): boolean {
  const t = String.fromCharCode(...b.subarray(s, e));
  return t === 'true' || t === 'false';
}

/** JSON numbers plus Python's NaN / Infinity / -Infinity (not `nan`, `inf`, or a leading `+`). */
function jsonNumberShape(b: Uint8Array, s: number, e: number): boolean {
  const c = b[s]!;
  if ((c >= 48 && c <= 57) || c === 45) {
    const c2 = b[s + 1];
    if (c === 45 && c2 === 73) return e - s === 9; // -Infinity
    return true;
  }
  return (c === 78 && e - s === 3) || (c === 73 && e - s === 8); // NaN, Infinity
}

/** The general path: JSON.parse (tolerating NaN/Infinity as Python writes them), nested objects flattened. */
function parseSlow(b: Uint8Array, s: number, e: number, L: Line): void {
  const text = utf8(b, s, e);
  let obj: unknown;
  try {
    obj = parsePythonJson(text);
  } catch (err) {
    throw new LineFault(`not valid JSON (${(err as Error).message.slice(0, 120)})`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new LineFault('the line is not a JSON object');
  L.n = 0;
  flatten(obj as Record<string, unknown>, L);
}

/** Flatten nested objects into `a/b` keys in key order, iteratively (a hostile line cannot exhaust the stack). */
function flatten(root: Record<string, unknown>, L: Line): void {
  const stack: { entries: [string, unknown][]; i: number; prefix: string }[] = [{ entries: Object.entries(root), i: 0, prefix: '' }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.i >= top.entries.length) { stack.pop(); continue; }
    const [k, v] = top.entries[top.i++]!;
    const key = top.prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (stack.length >= MAX_DEPTH) throw new LineFault(`objects nested deeper than ${MAX_DEPTH} levels`);
      stack.push({ entries: Object.entries(v as Record<string, unknown>), i: 0, prefix: key + '/' });
      continue;
    }
    const n = L.n;
    if (n === L.kS.length) L.grow();
    L.keyText[n] = key;
    L.strText[n] = undefined;
    if (typeof v === 'number') { L.type[n] = T_NUM; L.num[n] = v; }
    else if (typeof v === 'string') { L.type[n] = T_STR; L.strText[n] = v; }
    else if (v === null) L.type[n] = T_NULL;
    else if (typeof v === 'boolean') { L.type[n] = T_BOOL; L.num[n] = v ? 1 : 0; }
    else L.type[n] = T_OTHER;
    L.n = n + 1;
  }
}
