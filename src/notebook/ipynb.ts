/**
 * Jupyter notebooks (nbformat 4) as typed values: parse with validation, serialize the way Jupyter writes them.
 *
 * Multi-line strings (stored either as one string or as a list of lines) are joined on parse, so the rest of
 * scalelab only sees strings. Fields scalelab does not interpret (metadata, attachments) are kept as parsed
 * JSON and written back unchanged.
 *
 * @example
 * const nb = parseNotebook(readFileSync('notebooks/01-quickstart.ipynb', 'utf8'), '01-quickstart.ipynb');
 * nb.cells.filter((c) => c.cell_type === 'code').length;
 */
import { LoadError } from '../errors.js';

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Text written by the code to stdout or stderr. */
export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: string;
}

/** A MIME bundle: MIME type → content (text joined; JSON types kept as JSON). */
export type MimeBundle = { [mime: string]: JsonValue };

/** Rich output from a display call. */
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: JsonObject;
}

/** The value of the last expression of a cell. */
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  data: MimeBundle;
  metadata: JsonObject;
  execution_count: number | null;
}

/** An error raised by a cell. */
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One output of a code cell. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** Fields every cell has. */
interface CellBase {
  /** Cell id (nbformat ≥ 4.5), absent in older notebooks. */
  id?: string;
  source: string;
  metadata: JsonObject;
}

/** A markdown cell. */
export interface MarkdownCell extends CellBase {
  cell_type: 'markdown';
  attachments?: JsonObject;
}

/** A code cell with its outputs. */
export interface CodeCell extends CellBase {
  cell_type: 'code';
  execution_count: number | null;
  outputs: Output[];
}

/** A raw cell (passed through by converters; shown verbatim in exports). */
export interface RawCell extends CellBase {
  cell_type: 'raw';
  attachments?: JsonObject;
}

/** One cell. */
export type Cell = MarkdownCell | CodeCell | RawCell;

/** A parsed nbformat-4 notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: JsonObject;
  cells: Cell[];
}

/**
 * Parse and validate the text of an .ipynb file. Throws a LoadError naming the file and the JSON path of the
 * first problem (e.g. `cells[3].outputs[0].output_type`) and what was expected there.
 *
 * @example
 * parseNotebook('{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}', 'empty.ipynb').cells; // []
 */
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new LoadError(`not valid JSON (${(e as Error).message})`, { file, line, expected: 'a Jupyter notebook (.ipynb JSON)' });
  }
  const p = new Parser(file);
  const top = p.object(raw, '');
  const major = top.nbformat;
  if (major !== 4) p.fail('nbformat', 'nbformat 4 (convert older notebooks with `jupyter nbconvert --to notebook`)');
  const minor = top.nbformat_minor;
  if (typeof minor !== 'number' || !Number.isInteger(minor) || minor < 0) p.fail('nbformat_minor', 'a non-negative integer');
  const metadata = top.metadata === undefined ? {} : p.object(top.metadata, 'metadata');
  const cellsRaw = top.cells;
  if (!Array.isArray(cellsRaw)) return p.fail('cells', 'a list of cells');
  const cells = cellsRaw.map((c, i) => p.cell(c, `cells[${i}]`));
  return { nbformat: 4, nbformat_minor: minor as number, metadata, cells };
}

class Parser {
  constructor(readonly file: string) {}

  fail(path: string, expected: string): never {
    throw new LoadError(`invalid notebook at ${path || '(top level)'}`, { file: this.file, expected });
  }

  object(v: unknown, path: string): JsonObject {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'a JSON object');
    return v as JsonObject;
  }

  multiline(v: unknown, path: string): string {
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v.join('');
    return this.fail(path, 'a string or a list of strings');
  }

  cell(v: unknown, path: string): Cell {
    const o = this.object(v, path);
    const source = this.multiline(o.source, `${path}.source`);
    const metadata = o.metadata === undefined ? {} : this.object(o.metadata, `${path}.metadata`);
    const id = o.id === undefined ? undefined : typeof o.id === 'string' ? o.id : this.fail(`${path}.id`, 'a string');
    const base = id === undefined ? { source, metadata } : { id, source, metadata };
    switch (o.cell_type) {
      case 'markdown':
      case 'raw': {
        const cell: MarkdownCell | RawCell = { cell_type: o.cell_type, ...base };
        if (o.attachments !== undefined) cell.attachments = this.object(o.attachments, `${path}.attachments`);
        return cell;
      }
      case 'code': {
        const ec = o.execution_count ?? null;
        if (ec !== null && (typeof ec !== 'number' || !Number.isInteger(ec))) this.fail(`${path}.execution_count`, 'an integer or null');
        const outs = o.outputs ?? [];
        if (!Array.isArray(outs)) this.fail(`${path}.outputs`, 'a list of outputs');
        return { cell_type: 'code', ...base, execution_count: ec, outputs: outs.map((x, j) => this.output(x, `${path}.outputs[${j}]`)) };
      }
      default:
        return this.fail(`${path}.cell_type`, '"markdown", "code" or "raw"');
    }
  }

  bundle(v: unknown, path: string): MimeBundle {
    const o = this.object(v, path);
    const out: MimeBundle = {};
    for (const [mime, value] of Object.entries(o)) {
      out[mime] = isJsonMime(mime) ? value : this.multiline(value, `${path}["${mime}"]`);
    }
    return out;
  }

  output(v: unknown, path: string): Output {
    const o = this.object(v, path);
    switch (o.output_type) {
      case 'stream': {
        if (o.name !== 'stdout' && o.name !== 'stderr') this.fail(`${path}.name`, '"stdout" or "stderr"');
        return { output_type: 'stream', name: o.name, text: this.multiline(o.text, `${path}.text`) };
      }
      case 'display_data':
        return {
          output_type: 'display_data',
          data: this.bundle(o.data ?? {}, `${path}.data`),
          metadata: o.metadata === undefined ? {} : this.object(o.metadata, `${path}.metadata`),
        };
      case 'execute_result': {
        const ec = o.execution_count ?? null;
        if (ec !== null && (typeof ec !== 'number' || !Number.isInteger(ec))) this.fail(`${path}.execution_count`, 'an integer or null');
        return {
          output_type: 'execute_result',
          data: this.bundle(o.data ?? {}, `${path}.data`),
          metadata: o.metadata === undefined ? {} : this.object(o.metadata, `${path}.metadata`),
          execution_count: ec,
        };
      }
      case 'error': {
        if (typeof o.ename !== 'string') this.fail(`${path}.ename`, 'a string');
        if (typeof o.evalue !== 'string') this.fail(`${path}.evalue`, 'a string');
        const tb = o.traceback ?? [];
        if (!Array.isArray(tb) || !tb.every((s) => typeof s === 'string')) this.fail(`${path}.traceback`, 'a list of strings');
        return { output_type: 'error', ename: o.ename, evalue: o.evalue, traceback: tb as string[] };
      }
      default:
        return this.fail(`${path}.output_type`, '"stream", "display_data", "execute_result" or "error"');
    }
  }
}

/** MIME types whose bundle value is JSON, not text (nbformat keeps them unsplit). */
function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || /^application\/.+\+json$/.test(mime);
}

/**
 * Serialize a notebook the way Jupyter does (keys sorted, one-space indent, text split into lines, trailing
 * newline), so a re-executed notebook diffs cleanly against the committed one.
 *
 * @example
 * serializeNotebook({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }).endsWith('}\n'); // true
 */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => {
    const out: JsonObject = { ...(c as unknown as JsonObject), source: splitLines(c.source) };
    if (c.cell_type === 'code') out.outputs = c.outputs.map(serializeOutput);
    return out;
  });
  const doc: JsonObject = { cells, metadata: nb.metadata, nbformat: nb.nbformat, nbformat_minor: nb.nbformat_minor };
  return JSON.stringify(sortKeys(doc), null, 1) + '\n';
}

function serializeOutput(o: Output): JsonValue {
  switch (o.output_type) {
    case 'stream':
      return { ...o, text: splitLines(o.text) };
    case 'error':
      return { ...o };
    default: {
      const data: JsonObject = {};
      for (const [mime, v] of Object.entries(o.data)) data[mime] = typeof v === 'string' && !isJsonMime(mime) && splittable(mime) ? splitLines(v) : v;
      return { ...(o as unknown as JsonObject), data };
    }
  }
}

function splittable(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'image/svg+xml';
}

/** Split text into lines, each keeping its '\n' (nbformat's multiline-string form). */
function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function sortKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v).sort()) {
    const x = v[k];
    if (x !== undefined) out[k] = sortKeys(x);
  }
  return out;
}
