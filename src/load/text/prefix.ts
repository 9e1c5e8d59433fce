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

const DATE_TIME = String.raw`\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)?`;
const TIME = String.raw`\d\d:\d\d:\d\d(?:[.,]\d+)?`;
const LEVEL = String.raw`(?:INFO|WARNING|WARN|DEBUG|ERROR|CRITICAL|NOTICE|TRACE)\b`;
// One token per alternative; the capture group says which kind (1 space, 2 bracket, 3 paren, 4 date, 5 time,
// 6 label, 7 level, 8 separator, 9 logger name). Sticky, no nested ambiguous quantifiers: linear in the prefix.
const TOKEN = new RegExp(
  [
    String.raw`(\s+)`,
    String.raw`(\[[^\]]{0,120}\]:?)`,
    String.raw`(\([^)]{0,120}\):?)`,
    `(${DATE_TIME})`,
    `(${TIME})`,
    String.raw`((?:[\w.@/-]+:)+)(?=[\s[(]|$)`,
    `(${LEVEL})`,
    String.raw`([-|])(?=\s|$)`,
    String.raw`([\w.<>/:-]+)(?=\s+-(?:\s|$))`,
  ].join('|'),
  'y',
);
const HAS_TIME = /\d\d:\d\d/;
const STAMP = /(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?/;

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
  const p = stripAnsi(prefix);
  let tag = '';
  let time = NaN;
  let pos = 0;
  while (pos < p.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(p);
    if (!m || m[0].length === 0) return undefined;
    pos += m[0].length;
    if (m[2] !== undefined || m[3] !== undefined) {
      if (HAS_TIME.test(m[0])) {
        if (Number.isNaN(time)) time = stampSeconds(m[0]);
      } else tag += m[0];
    } else if (m[4] !== undefined) {
      if (Number.isNaN(time)) time = stampSeconds(m[4]);
    } else if (m[6] !== undefined || m[9] !== undefined) tag += m[0];
  }
  return { tag, time };
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

/** Whether `line.slice(0, end)` is an accepted prefix (no allocation when it holds only spaces). */
function isPrefix(line: string, end: number): boolean {
  let k = 0;
  while (k < end && (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9)) k++;
  if (k === end) return true;
  return prefixInfo(line.slice(0, end)) !== undefined;
}
