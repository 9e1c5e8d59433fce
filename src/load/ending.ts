/**
 * "Does this file end mid-line?": the one check every line-based loader (text logs, CSV, JSONL) uses to flag a last
 * line that may have been cut (a crash, a copy or upload still being written): the file's last byte is not a newline
 * although an earlier line ends with one. Such a line is kept (it may be complete: some writers omit the final
 * newline) but flagged with {@link truncatedLastLineMessage}, because `6.1297` cut to `6.129` still parses.
 *
 * A file that is one line without a newline is not flagged: nothing shows how its lines are meant to end.
 *
 * @example
 * import { endsMidLine, truncatedLastLineMessage } from './ending.js';
 * if (endsMidLine('metrics.csv')) ctx.warn(truncatedLastLineMessage(), { line: lastLineNo });
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;

/**
 * Whether a file's last line has no newline while an earlier line has one (reads only the end of the file: back to
 * the last newline).
 *
 * @example
 * endsMidLine('a.log'); // true for "s:0 trl:1\ns:1 trl:0.9" (no final newline)
 */
export function endsMidLine(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const buf = Buffer.alloc(Math.min(CHUNK, size));
    let end = size;
    let first = true;
    while (end > 0) {
      const len = Math.min(buf.length, end);
      const n = readSync(fd, buf, 0, len, end - len);
      if (n <= 0) return false;
      const view = buf.subarray(0, n);
      if (first) {
        if (view[n - 1] === 10) return false;
        first = false;
      }
      if (view.lastIndexOf(10) >= 0) return true;
      end -= n;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * {@link endsMidLine} over text already in memory (the same rule).
 *
 * @example
 * textEndsMidLine('a\nb');  // true
 * textEndsMidLine('a\nb\n'); // false
 * textEndsMidLine('ab');    // false
 */
export function textEndsMidLine(text: string): boolean {
  return text.length > 0 && text.charCodeAt(text.length - 1) !== 10 && text.lastIndexOf('\n') >= 0;
}

/**
 * The warning for a last line without a newline (give it the line number).
 *
 * @example
 * ctx.warn(truncatedLastLineMessage(), { line: 120 });
 */
export function truncatedLastLineMessage(): string {
  return 'the last line has no newline although the other lines end with one: the file may have been cut mid-line (a crash, a copy still being written); its values are kept but may be incomplete (e.g. 6.1297 read as 6.129)';
}
