/**
 * Write a report to disk: the HTML file and, beside it, the JSON file with every number; each written to a
 * temporary file in the same folder and renamed into place (a reader never sees half a report), and never
 * over an input file (by path, real path, or the same file through a link).
 *
 * @example
 * import { writeReport } from './write.js';
 * const { html, json } = writeReport(report, 'reports/weekly.html');
 */
import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ReportError } from '../errors.js';
import type { Report } from './builder.js';

/** Options of {@link writeReport}. */
export interface WriteOptions {
  /** More paths that must never be overwritten (in addition to the report's provenance files). */
  inputs?: readonly string[];
  /** Write the JSON file beside the HTML (default true). */
  json?: boolean;
}

/** Paths written by {@link writeReport}. */
export interface WrittenReport {
  html: string;
  json?: string;
  bytes: number;
}

/**
 * The JSON path beside an HTML path: `reports/weekly.html` → `reports/weekly.json`.
 *
 * @example
 * jsonPathFor('out/r.html'); // 'out/r.json'
 */
export function jsonPathFor(htmlPath: string): string {
  return htmlPath.replace(/\.html?$/i, '') + '.json';
}

function identity(path: string): { real: string; dev?: number; ino?: number } {
  const abs = resolve(path);
  try {
    const st = statSync(abs);
    return { real: realpathSync(abs), dev: st.dev, ino: st.ino };
  } catch {
    return { real: abs };
  }
}

function sameIdentity(a: ReturnType<typeof identity>, b: ReturnType<typeof identity>): boolean {
  if (a.real === b.real) return true;
  return a.ino !== undefined && b.ino !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Whether `out` names one of `inputs` (the same real path, through symlinks, or the same inode): what a
 * command checks before writing, since scalelab never overwrites an input.
 *
 * @example
 * isInput('reports/weekly.html', ['data/weekly.json']); // false
 */
export function isInput(out: string, inputs: readonly string[]): boolean {
  const id = identity(out);
  return inputs.some((i) => sameIdentity(identity(i), id));
}

/**
 * Write `text` to `path` atomically: a temporary file in the same folder, fsync, then rename.
 *
 * @example
 * writeAtomic('out/r.html', '<!doctype html>…');
 */
export function writeAtomic(path: string, text: string): void {
  const dir = dirname(resolve(path));
  mkdirSync(dir, { recursive: true });
  const tmp = `${resolve(path)}.tmp-${process.pid}-${Date.now().toString(36)}`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx');
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created or is gone */
    }
    throw new ReportError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/**
 * Write the report's HTML to `outPath` and its JSON beside it, atomically. Refuses (ReportError) when either
 * path is one of the report's input files or `options.inputs`.
 *
 * @example
 * writeReport(createReport({ title: 't', date: '2026-11-25' }).markdown('hi'), 'reports/t.html');
 */
export function writeReport(report: Report, outPath: string, options: WriteOptions = {}): WrittenReport {
  const jsonPath = options.json === false ? undefined : jsonPathFor(outPath);
  if (jsonPath !== undefined && resolve(jsonPath) === resolve(outPath)) throw new ReportError(`report output ${outPath} must end in .html`);
  const inputs = [...report.inputs, ...(options.inputs ?? [])];
  for (const out of [outPath, jsonPath]) {
    if (out !== undefined && isInput(out, inputs)) throw new ReportError(`refusing to write ${out}: it is an input of this report`);
  }
  const html = report.toHtml();
  writeAtomic(outPath, html);
  if (jsonPath !== undefined) writeAtomic(jsonPath, report.toJsonString());
  return { html: outPath, json: jsonPath, bytes: Buffer.byteLength(html) };
}
