/**
 * A streaming RFC 4180 reader over bytes: reads a file in chunks into one reusable Buffer and exposes each record
 * as field byte ranges (no per-line string, no per-field string unless asked for). Handles quoted fields, doubled
 * quotes, newlines inside quotes, CRLF, a UTF-8 BOM, a last record without a newline, and blank lines (skipped).
 *
 * @example
 * const rd = CsvReader.fromFile('runs.csv', 44);
 * while (rd.next()) console.log(rd.line, rd.text(0), parseNumber(rd.buf, rd.start[1], rd.end[1]));
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { utf8 } from './bytes.js';

const CHUNK = 1 << 22;

/** Field flag: the field was quoted. */
export const QUOTED = 1;
/** Field flag: the field contains doubled quotes (`""`) to unescape. */
export const ESCAPED = 2;

/**
 * Reads records one at a time. After {@link next} returns true, fields `0 .. count-1` of the record are the byte
 * ranges `buf[start[i], end[i])` (quotes stripped) with `flag[i]`; they stay valid until the next call.
 *
 * @example
 * const rd = CsvReader.fromBytes(Buffer.from('a,b\n1,2\n'), 44, 'mem.csv');
 * rd.next(); rd.text(1); // 'b'
 */
export class CsvReader {
  buf: Buffer;
  start = new Int32Array(64);
  end = new Int32Array(64);
  flag = new Uint8Array(64);
  count = 0;
  /** 1-based line number where the current record starts. */
  line = 0;
  /**
   * Why the current record is damaged (then `count` is 0 and the record is skipped up to the next line end): text
   * after a closing quote, or a quoted field still open at the end of the file. Undefined for a good record.
   */
  damage: string | undefined;
  /** Whether the last record read ended at the end of the input without a newline (it may be cut short). */
  unterminated = false;
  private pos = 0;
  private len = 0;
  private eof = false;
  private nextLine = 1;
  private fd: number | undefined;

  private constructor(
    readonly file: string,
    readonly delim: number,
    buf: Buffer,
    len: number,
    fd: number | undefined,
  ) {
    this.buf = buf;
    this.len = len;
    this.fd = fd;
    this.eof = fd === undefined;
  }

  /** A reader over a file, read in 4 MiB chunks. Call {@link close} when done early (it closes itself at EOF). */
  static fromFile(path: string, delim: number): CsvReader {
    const fd = openSync(path, 'r');
    const rd = new CsvReader(path, delim, Buffer.allocUnsafe(CHUNK), 0, fd);
    rd.size = fstatSync(fd).size;
    rd.fill();
    rd.skipBom();
    return rd;
  }

  /** A reader over bytes in memory. */
  static fromBytes(bytes: Uint8Array, delim: number, file: string): CsvReader {
    const rd = new CsvReader(file, delim, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength, undefined);
    rd.size = bytes.byteLength;
    rd.skipBom();
    return rd;
  }

  private skipBom(): void {
    const b = this.buf;
    if (this.len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.pos = 3;
  }

  /** Read more bytes, keeping the unconsumed tail from `pos`. Returns false at EOF. */
  private fill(): boolean {
    if (this.fd === undefined) return false;
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.len);
      this.len -= this.pos;
      this.pos = 0;
    }
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    const n = readSync(this.fd, this.buf, this.len, this.buf.length - this.len, null);
    if (n === 0) {
      this.close();
      return false;
    }
    this.len += n;
    return true;
  }

  /** Size of the whole input in bytes (the file size when reading a file). */
  size = 0;

  /** Offset in {@link buf} of the first unread byte. */
  get offset(): number {
    return this.pos;
  }

  /**
   * End of the complete lines buffered from {@link offset}: just past the last LF (or `offset` when there is
   * none). A caller may parse records in `[offset, linesEnd())` itself when they contain no quote, then report
   * them with {@link consumed}; a quote (possibly spanning lines) must go through {@link next}.
   */
  linesEnd(): number {
    if (this.len <= this.pos) return this.pos;
    const i = this.buf.lastIndexOf(10, this.len - 1);
    return i < this.pos ? this.pos : i + 1;
  }

  /**
   * Estimated number of records left, from the input size and the length of the buffered lines (for
   * `RunSetBuilder.reserve`); 0 when nothing is buffered. Only valid before the first refill.
   */
  estimateRecords(): number {
    const end = Math.min(this.linesEnd(), this.pos + (1 << 16));
    let lines = 0;
    for (let i = this.buf.indexOf(10, this.pos); i >= 0 && i < end; i = this.buf.indexOf(10, i + 1)) lines++;
    if (lines === 0) return 0;
    return Math.ceil(((this.size - this.pos) * lines) / (end - this.pos));
  }

  /** Mark the bytes up to `pos` as read: `lines` whole records of one line each, parsed by the caller. */
  consumed(pos: number, lines: number): void {
    this.pos = pos;
    this.nextLine += lines;
  }

  /** Release the file (safe to call twice). */
  close(): void {
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
    this.eof = true;
  }

  /**
   * Advance to the next non-blank record; false at end of input. A damaged record (see {@link damage}) is
   * returned with no fields so that the caller can warn about its line and go on.
   */
  next(): boolean {
    for (;;) {
      const r = this.scan();
      if (r === 1) {
        if (this.count === 1 && this.start[0] === this.end[0] && this.flag[0] === 0) continue; // blank line
        return true;
      }
      if (r === -1) return false;
      // r === 0: the record runs past the buffered bytes
      if (!this.fill()) {
        this.eof = true;
        if (this.fd === undefined && this.pos >= this.len) return false;
      }
    }
  }

  /** Scan one record from pos: 1 = complete, 0 = need more bytes, -1 = end of input. */
  private scan(): number {
    const b = this.buf, len = this.len, d = this.delim, eof = this.eof;
    const stopMax = d > 13 ? d : 13;
    let p = this.pos;
    if (p >= len) return eof ? -1 : 0;
    this.damage = undefined;
    let line = this.nextLine;
    const recLine = line;
    let n = 0;
    for (;;) {
      if (n === this.start.length) this.growFields();
      let fs: number, fe: number, fl = 0;
      if (b[p] === 34) {
        fl = QUOTED;
        p++;
        fs = p;
        for (;;) {
          if (p >= len) {
            if (!eof) return 0;
            return this.damaged('a quoted field opened on this line is not closed before the end of the file', recLine, len, line);
          }
          const c = b[p];
          if (c === 34) {
            if (p + 1 >= len && !eof) return 0;
            if (b[p + 1] === 34) { fl |= ESCAPED; p += 2; continue; }
            break;
          }
          if (c === 10) line++;
          p++;
        }
        fe = p;
        p++; // closing quote
        if (p < len) {
          const c = b[p];
          if (c !== d && c !== 10 && c !== 13) {
            // Skip the rest of the line (as raw bytes: the quoting is broken anyway).
            const q = b.indexOf(10, p);
            if ((q < 0 || q >= len) && !eof) return 0;
            return this.damaged('text after a closing quote (a delimiter or end of line was expected)', recLine, q < 0 || q >= len ? len : q + 1, line + 1);
          }
        } else if (!eof) return 0;
      } else {
        fs = p;
        while (p < len) {
          const c = b[p]!;
          // one comparison for the common bytes (letters, digits, '.', '-', '/' are all above ',', '\t', CR, LF)
          if (c > stopMax) { p++; continue; }
          if (c === d || c === 10 || c === 13) break;
          p++;
        }
        if (p >= len && !eof) return 0;
        fe = p;
      }
      this.start[n] = fs;
      this.end[n] = fe;
      this.flag[n] = fl;
      n++;
      if (p >= len) { this.unterminated = true; break; } // EOF: the last record without a newline is complete
      const c = b[p];
      if (c === d) { p++; continue; }
      if (c === 13) {
        if (p + 1 >= len && !eof) return 0;
        p++;
        if (b[p] === 10) p++;
      } else p++;
      line++;
      break;
    }
    this.count = n;
    this.pos = p;
    this.line = recLine;
    this.nextLine = line;
    return 1;
  }

  private damaged(why: string, recLine: number, pos: number, nextLine: number): number {
    this.damage = why;
    this.count = 0;
    this.pos = pos;
    this.line = recLine;
    this.nextLine = nextLine;
    this.unterminated = pos >= this.len && this.eof && this.buf[pos - 1] !== 10;
    return 1;
  }

  private growFields(): void {
    const n = this.start.length * 2;
    const s = new Int32Array(n), e = new Int32Array(n), f = new Uint8Array(n);
    s.set(this.start); e.set(this.end); f.set(this.flag);
    this.start = s; this.end = e; this.flag = f;
  }

  /** Field i as a string (quotes unescaped). */
  text(i: number): string {
    const t = utf8(this.buf, this.start[i]!, this.end[i]!);
    return this.flag[i]! & ESCAPED ? t.replace(/""/g, '"') : t;
  }

  /** Whether field i is empty (missing). */
  empty(i: number): boolean {
    return this.start[i] === this.end[i];
  }

  /** All fields of the current record as strings. */
  row(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.text(i);
    return out;
  }
}

/**
 * Read a whole (small) delimited file into rows of strings, with the line number of each row; damaged records
 * (see {@link CsvReader.damage}) are listed apart, and `unterminated` says whether the last line lacks a newline
 * (while an earlier one has one).
 *
 * @example
 * const { rows, lines, damaged } = readRows('runs.csv', 44);
 */
export function readRows(path: string, delim: number): { rows: string[][]; lines: number[]; damaged: { line: number; why: string }[]; unterminated: boolean } {
  const rd = CsvReader.fromFile(path, delim);
  const rows: string[][] = [];
  const lines: number[] = [];
  const damaged: { line: number; why: string }[] = [];
  let first = 0, last = 0;
  try {
    while (rd.next()) {
      if (first === 0) first = rd.line;
      last = rd.line;
      if (rd.damage !== undefined) {
        damaged.push({ line: rd.line, why: rd.damage });
        continue;
      }
      rows.push(rd.row());
      lines.push(rd.line);
    }
  } finally {
    rd.close();
  }
  return { rows, lines, damaged, unterminated: rd.unterminated && last > first };
}
