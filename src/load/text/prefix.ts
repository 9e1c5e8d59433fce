/**
 * Launcher and logger prefixes in front of a framework's log line, shared by every text loader.
 *
 * Multi-node launchers, torchrun and logging frameworks put text in front of what the training script printed:
 *
 *     192.168.205.202:  iteration 1/ 20 | ...                pdsh / clush host
 *     [rank0]: step:  1  loss: 12.2                           torchrun --tee, [default0]: with --log-dir
 *     0: step 1/100 | loss 4.2                                torchrun / srun --label
 *     [lrdn3321:3]: [2025-03-31 05:54:07] iteration 50/ ...   host:rank, then a timestamp
 *     2024-05-01 12:00:00,123 - root - INFO - iter 3: ...     Python logging
 *     [2024-05-01 12:00:00] INFO: step:1/100 ...              bracketed timestamp and level
 *     (RayTrainWorker pid=1234) s:0 trl:10.9                  Ray worker
 *
 * A prefix is a sequence of such tokens (bracketed or parenthesised groups, `name:` labels, dates and times, log
 * levels, logger names between ` - ` separators, `-`/`|` separators); anything else before a record keyword (e.g.
 * `saving checkpoint at iteration 100`) is not a prefix, so that line is not a record. ANSI colour codes in a prefix
 * are ignored. Prefixes longer than {@link MAX_PREFIX} characters are not accepted.
 *
 * @example
 * findRecord('192.168.205.202:  iteration 1/ 20 | lm loss: 2.0 |', 'iteration '); // 18
 * findRecord('saving checkpoint at iteration 100', 'iteration ');                 // -1
 * prefixInfo('[rank1]:[titan] 2025-01-01 12:00:00,000 - root - INFO - ');        // { tag: '[rank1]:[titan]root', time: 1735732800 }
 */
import { stripAnsi } from './ansi.js';

/** Longest prefix accepted before a record keyword, in characters. */
export const MAX_PREFIX = 300;

const DATE_TIME = /\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)?/y;
const TIME = /\d\d:\d\d:\d\d(?:[.,]\d+)?/y;
const LEVELS = new Set(['INFO', 'WARNING', 'WARN', 'DEBUG', 'ERROR', 'CRITICAL', 'NOTICE', 'TRACE']);
const LABEL = /^(?:[\w.@/-]+:)+$/;
const HAS_TIME = /\d\d:\d\d/;
const STAMP = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?/;
const MAX_GROUP = 120;

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 160;
// [A-Za-z0-9_.@<>/:-]
const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 64 || c === 60 || c === 62 || c === 47 || c === 45;

/** What a prefix tells: who printed the line (`tag`, '' when nothing names a process) and when (`time`). */
export interface PrefixInfo {
  /**
   * The prefix without its timestamps, levels and separators: equal for lines from the same process, different for
   * another rank or host (`[rank0]:`, `192.168.205.202:`, `0:`). '' for no prefix or timestamps only.
   */
  tag: string;
  /** Epoch seconds of the first date-time in the prefix (read as UTC: only differences are meaningful), else NaN. */
  time: number;
}

/**
 * Parse a prefix; undefined when it is not one (see the module comment for what is accepted).
 *
 * @example
 * prefixInfo('0: ');                       // { tag: '0:', time: NaN }
 * prefixInfo('saving checkpoint at ');     // undefined
 */
export function prefixInfo(prefix: string): PrefixInfo | undefined {
  if (prefix.length === 0) return { tag: '', time: NaN };
  if (prefix.length > MAX_PREFIX) return undefined;
  if (prefix === lastPrefix) return lastInfo;
  const info = scanPrefix(stripAnsi(prefix));
  lastPrefix = prefix;
  lastInfo = info;
  return info;
}

// Consecutive lines of a log usually carry the same prefix (or one differing only in its time): remember the last.
let lastPrefix = '';
let lastInfo: PrefixInfo | undefined = { tag: '', time: NaN };

/**
 * The prefix scanner: one pass, dispatching on each token's first character (bracketed or parenthesised group,
 * date-time or time, `-`/`|` separator, or a word that must be a `name:` label, a level, or a logger name followed
 * by ` - `). Linear in the prefix; undefined at the first character that starts no token.
 */
function scanPrefix(p: string): PrefixInfo | undefined {
  const n = p.length;
  let tag = '';
  let time = NaN;
  let pos = 0;
  while (pos < n) {
    const c = p.charCodeAt(pos);
    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c === 91 /* [ */ || c === 40 /* ( */) {
      const close = p.indexOf(c === 91 ? ']' : ')', pos + 1);
      if (close < 0 || close - pos - 1 > MAX_GROUP) return undefined;
      const end = p.charCodeAt(close + 1) === 58 /* : */ ? close + 2 : close + 1;
      const tok = p.slice(pos, end);
      if (HAS_TIME.test(tok)) {
        if (Number.isNaN(time)) time = stampSeconds(tok);
      } else tag += tok;
      pos = end;
      continue;
    }
    if (c >= 48 && c <= 57) {
      DATE_TIME.lastIndex = pos;
      let m = DATE_TIME.exec(p);
      if (m) {
        if (Number.isNaN(time)) time = stampSeconds(m[0]);
        pos += m[0].length;
        continue;
      }
      TIME.lastIndex = pos;
      m = TIME.exec(p);
      if (m) {
        pos += m[0].length;
        continue;
      }
    }
    if ((c === 45 /* - */ || c === 124 /* | */) && (pos + 1 === n || isSpace(p.charCodeAt(pos + 1)))) {
      pos++;
      continue;
    }
    let e = pos;
    while (e < n && isWordChar(p.charCodeAt(e))) e++;
    if (e === pos) return undefined;
    const word = p.slice(pos, e);
    const next = e < n ? p.charCodeAt(e) : -1;
    if (word.charCodeAt(word.length - 1) === 58 && (next === -1 || isSpace(next) || next === 91 || next === 40) && LABEL.test(word)) tag += word;
    else if (LEVELS.has(word) && (next === -1 || isSpace(next))) {
      // a log level: not part of the tag
    } else if (dashFollows(p, e)) tag += word;
    else return undefined;
    pos = e;
  }
  return { tag, time };
}

/** Whether `p` continues at `i` with spaces, a `-`, then a space or its end (a logger name's ` - ` separator). */
function dashFollows(p: string, i: number): boolean {
  let k = i;
  while (k < p.length && isSpace(p.charCodeAt(k))) k++;
  if (k === i || p.charCodeAt(k) !== 45) return false;
  return k + 1 === p.length || isSpace(p.charCodeAt(k + 1));
}

function stampSeconds(s: string): number {
  const t = STAMP.exec(s);
  if (!t) return NaN;
  const frac = t[7] !== undefined ? Number(`0.${t[7]}`) : 0;
  return Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]!, +t[5]!, +t[6]!) / 1000 + frac;
}

/**
 * Where a record starting with `keyword` begins in `line`: 0 when the line starts with it, the index after an
 * accepted prefix, or -1. Each occurrence within {@link MAX_PREFIX} characters is tried, first to last.
 *
 * @example
 * findRecord('[rank0]: step:  1  loss: 12.2', 'step:'); // 9
 * findRecord('iter 3: loss 2.1', 'iter ');              // 0
 */
export function findRecord(line: string, keyword: string): number {
  if (line.startsWith(keyword)) return 0;
  let i = line.indexOf(keyword);
  while (i > 0 && i <= MAX_PREFIX) {
    if (isPrefix(line, i)) return i;
    i = line.indexOf(keyword, i + 1);
  }
  return -1;
}

/**
 * {@link findRecord} with the prefix's {@link PrefixInfo} (parsed once), or undefined when there is no record.
 *
 * @example
 * findRecordInfo('[rank1]: iter 3: loss 2.1', 'iter '); // { start: 9, tag: '[rank1]:', time: NaN }
 */
export function findRecordInfo(line: string, keyword: string): ({ start: number } & PrefixInfo) | undefined {
  if (line.startsWith(keyword)) return { start: 0, tag: '', time: NaN };
  let i = line.indexOf(keyword);
  while (i > 0 && i <= MAX_PREFIX) {
    const info = prefixInfo(line.slice(0, i));
    if (info) return { start: i, tag: info.tag, time: info.time };
    i = line.indexOf(keyword, i + 1);
  }
  return undefined;
}

/** Whether `line.slice(0, end)` is an accepted prefix (no allocation when it holds only spaces). */
function isPrefix(line: string, end: number): boolean {
  let k = 0;
  while (k < end && (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9)) k++;
  if (k === end) return true;
  return prefixInfo(line.slice(0, end)) !== undefined;
}
