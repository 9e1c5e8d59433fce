/**
 * Write a report to disk: the HTML file and, beside it, the JSON file with every number, never over an input
 * file (by path, real path, or the same file through a link).
 *
 * The pair is written as one group (src/runs/atomic.ts): temporary files beside the outputs, a journal, then
 * the renames (JSON first, then HTML). After a crash at any point, the next write into that folder
 * (or {@link recoverWrites}) leaves the pair entirely old or entirely new, and removes the temporary files of
 * processes that are gone. The HTML carries the SHA-256 of its JSON (`<meta name="scalelab-json-sha256">`),
 * so any reader can check that a pair belongs together ({@link checkReportPair}).
 *
 * @example
 * import { writeReport } from './write.js';
 * const { html, json } = writeReport(report, 'reports/weekly.html');
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ReportError } from '../errors.js';
import { recoverWrites, writeFileAtomicSync, writeFilesAtomicSync } from '../runs/atomic.js';
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
 * Write `text` to `path` atomically: a temporary file in the same folder (`<path>.scalelab-tmp-<pid>-<n>`),
 * fsync, then rename; temporary files that killed processes left in the folder are cleaned up first.
 *
 * @example
 * writeAtomic('out/r.html', '<!doctype html>…');
 */
export function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  try {
    writeFileAtomicSync(path, text);
  } catch (e) {
    throw new ReportError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** The name of the meta element by which a report's HTML names the SHA-256 of its JSON. */
export const JSON_SHA256_META = 'scalelab-json-sha256';

/**
 * Whether a report's HTML and JSON belong together: the HTML's `scalelab-json-sha256` meta equals the SHA-256
 * of the JSON file. `ok` is false with a reason when a file is missing or they disagree (a pair written by a
 * process that was killed and not yet recovered).
 *
 * @example
 * checkReportPair('reports/weekly.html'); // { ok: true }
 */
export function checkReportPair(htmlPath: string): { ok: boolean; reason?: string } {
  const jsonPath = jsonPathFor(htmlPath);
  if (!existsSync(htmlPath)) return { ok: false, reason: `${htmlPath} is missing` };
  if (!existsSync(jsonPath)) return { ok: false, reason: `${jsonPath} is missing` };
  const m = new RegExp(`<meta name="${JSON_SHA256_META}" content="([0-9a-f]{64})">`).exec(readFileSync(htmlPath, 'utf8').slice(0, 10_000));
  if (!m) return { ok: false, reason: `${htmlPath} names no JSON hash (written by an older scalelab?)` };
  const actual = createHash('sha256').update(readFileSync(jsonPath)).digest('hex');
  return m[1] === actual ? { ok: true } : { ok: false, reason: `${jsonPath} (sha256 ${actual.slice(0, 12)}…) is not the JSON of ${htmlPath} (${m[1]!.slice(0, 12)}…)` };
}

export { recoverWrites };

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
  mkdirSync(dirname(resolve(outPath)), { recursive: true });
  const json = jsonPath === undefined ? undefined : report.toJsonString();
  const html = report.toHtml(json === undefined ? {} : { jsonSha256: createHash('sha256').update(json).digest('hex') });
  try {
    if (jsonPath === undefined || json === undefined) writeFileAtomicSync(outPath, html);
    else writeFilesAtomicSync([{ path: jsonPath, data: json }, { path: outPath, data: html }]);
  } catch (e) {
    throw new ReportError(`cannot write ${outPath}${jsonPath ? ` and ${jsonPath}` : ''}: ${(e as Error).message}`);
  }
  return { html: outPath, json: jsonPath, bytes: Buffer.byteLength(html) };
}
