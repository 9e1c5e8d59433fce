/**
 * One JSON document holding a training history (not JSON Lines):
 * - an array of records, `[{"step": 10, "loss": 2.5}, ...]` (long or wide, roles as for any table);
 * - Keras' `history.history` dumped with `json.dump`: `{"loss": [..], "val_loss": [..], "accuracy": [..]}`,
 *   one list per metric, one entry per epoch: the step is the epoch index 0, 1, ... (or an `epoch` list when
 *   there is one).
 * Written by Python, so `NaN`/`Infinity` and a BOM are read. A record or entry that cannot be read is refused
 * with a warning (JSON has no line numbers here: the warning names the index) and counted.
 *
 * @example
 * const rs = await load('history.json'); // Keras: metrics loss, val_loss, ... at steps 0..epochs-1
 */
import { readFileSync } from 'node:fs';
import { LoadError } from '../../errors.js';
import type { FormatLoader, LoadContext, Probe } from '../types.js';
import { stepProblem } from './damage.js';
import { parsePythonJson } from './pyjson.js';
import { resolveRoles, stepCandidates } from './roles.js';

/** Largest document read whole (a history of records is small; a bigger one belongs in JSON Lines). */
const MAX_BYTES = 512 * 1024 * 1024;

/**
 * Whether a JSON head looks like an array of records or a dict of lists.
 *
 * @example
 * jsonHistoryShape('[{"step": 1, "loss": 2}]'); // 'records'
 * jsonHistoryShape('{"loss": [2.5, 2.1]}');    // 'lists'
 */
export function jsonHistoryShape(headText: string): 'records' | 'lists' | undefined {
  const t = headText.replace(/^\ufeff/, '').trimStart();
  if (/^\[\s*\{/.test(t)) return 'records';
  if (/^\{\s*"[^"]*"\s*:\s*\[\s*(-?[\d.]|NaN|-?Infinity|null|\])/.test(t)) return 'lists';
  return undefined;
}

/**
 * A training history in one JSON document.
 *
 * @example
 * await load('keras_history.json', { format: 'json' });
 */
export const jsonHistoryLoader: FormatLoader = {
  name: 'json',
  description: 'one JSON document: an array of records [{step, metrics...}] or a Keras history {metric: [values per epoch]}',
  detect(p: Probe) {
    if (p.isDirectory || !p.name.toLowerCase().endsWith('.json')) return 0;
    return jsonHistoryShape(p.headText) ? 0.2 : 0;
  },
  async load(ctx) {
    const file = ctx.path;
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_BYTES) throw new LoadError('the JSON document is too large to read whole', { file, expected: `at most ${MAX_BYTES} bytes, or JSON Lines` });
    let doc: unknown;
    try {
      doc = parsePythonJson(text);
    } catch (e) {
      throw new LoadError(`not valid JSON (${(e as Error).message.slice(0, 200)})`, { file, expected: 'one JSON document' });
    }
    if (Array.isArray(doc)) return records(ctx, doc, new Refusals(ctx));
    if (doc !== null && typeof doc === 'object') return lists(ctx, doc as Record<string, unknown>, new Refusals(ctx));
    throw new LoadError('not an array of records or an object of lists', { file, expected: '[{"step": ..., ...}] or {"loss": [...]}' });
  },
};

/** Refuses records with a counted warning, remembering the first for the error when nothing loads. */
class Refusals {
  first: string | undefined;
  constructor(private readonly ctx: LoadContext) {}
  refuse(where: string, why: string): void {
    this.first ??= `${where}: ${why}`;
    this.ctx.warn(`${where}: ${why}: not loaded`, { skipped: 1 });
  }
}

function records(ctx: LoadContext, doc: unknown[], no: Refusals): void {
  const file = ctx.path;
  const first = doc.find((r) => r !== null && typeof r === 'object' && !Array.isArray(r)) as Record<string, unknown> | undefined;
  if (!first) throw new LoadError('no record in the array', { file, expected: 'objects such as {"step": 10, "loss": 2.5}' });
  const names = Object.keys(first);
  const roles = resolveRoles(names, ctx.options);
  if (roles.step < 0) throw new LoadError(`no step key in the first record {${names.slice(0, 12).join(', ')}}`, { file, expected: `a step key (${stepCandidates(ctx.options)}); name it with stepColumn (CLI: --step-column)` });
  const stepKey = names[roles.step]!, runKey = roles.run >= 0 ? names[roles.run] : undefined;
  const metricKey = roles.long ? names[roles.metric] : undefined, valueKey = roles.long ? names[roles.value] : undefined;
  const tokensKey = roles.tokens >= 0 ? names[roles.tokens] : undefined, timeKey = roles.time >= 0 ? names[roles.time] : undefined;
  const skip = new Set([stepKey, runKey, tokensKey, timeKey, metricKey, valueKey].filter((k): k is string => k !== undefined));
  const b = ctx.builder;
  const runs = new Map<string, number>();
  let single = -1;
  const runOf = (r: Record<string, unknown>): number | undefined => {
    if (runKey === undefined) return single >= 0 ? single : (single = ctx.addRun({}));
    const v = r[runKey];
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    const k = String(v);
    let id = runs.get(k);
    if (id === undefined) runs.set(k, (id = ctx.addRun({ key: k })));
    return id;
  };
  const num = (v: unknown) => (typeof v === 'number' ? v : NaN);
  const warned = new Set<string>();
  let loaded = 0;
  doc.forEach((rec, i) => {
    const where = `record [${i}]`;
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return no.refuse(where, 'not an object');
    const r = rec as Record<string, unknown>;
    const step = r[stepKey];
    if (typeof step !== 'number') return no.refuse(where, `no number in key ${stepKey}`);
    const bad = stepProblem(step);
    if (bad !== undefined) return no.refuse(where, bad);
    const run = runOf(r);
    if (run === undefined) return no.refuse(where, `no run name in key ${runKey}`);
    const tokens = tokensKey ? num(r[tokensKey]) : NaN, time = timeKey ? num(r[timeKey]) : NaN;
    if (metricKey !== undefined && valueKey !== undefined) {
      const m = r[metricKey], v = r[valueKey];
      if (typeof m !== 'string') return no.refuse(where, `no metric name in key ${metricKey}`);
      if (typeof v !== 'number' && v !== null) return no.refuse(where, `no number in key ${valueKey}`);
      loaded++;
      if (typeof v === 'number') b.push(run, step, b.metricId(m), v, tokens, NaN, time);
      return;
    }
    loaded++;
    for (const [k, v] of Object.entries(r)) {
      if (skip.has(k) || v === null) continue;
      if (typeof v === 'number') b.push(run, step, b.metricId(k), v, tokens, NaN, time);
      else if (!warned.has(k)) {
        warned.add(k);
        ctx.warn(`key '${k}' is not a number (first in ${where}): skipped where it is not`);
      }
    }
  });
  if (loaded === 0) throw new LoadError(`none of the ${doc.length} records could be loaded; the first: ${no.first ?? 'no record'}`, { file, expected: 'records with a non-negative integer step' });
}

function lists(ctx: LoadContext, doc: Record<string, unknown>, no: Refusals): void {
  const file = ctx.path;
  const keys = Object.keys(doc).filter((k) => Array.isArray(doc[k]));
  const other = Object.keys(doc).filter((k) => !Array.isArray(doc[k]));
  if (keys.length === 0) throw new LoadError('no list of values', { file, expected: '{"loss": [...], "val_loss": [...]} (Keras history)' });
  if (other.length) ctx.warn(`keys that are not lists skipped: ${other.slice(0, 8).join(', ')}${other.length > 8 ? ', ...' : ''}`);
  const want = ctx.options.stepColumn;
  const stepKey = want !== undefined ? keys.find((k) => k.toLowerCase() === want.toLowerCase()) : keys.find((k) => k.toLowerCase() === 'epoch');
  if (want !== undefined && stepKey === undefined) throw new LoadError(`no list '${want}'`, { file, expected: `'${want}' (stepColumn, CLI --step-column) among the keys` });
  const stepList = stepKey !== undefined ? (doc[stepKey] as unknown[]) : undefined;
  const b = ctx.builder;
  const run = ctx.addRun({});
  let loaded = 0;
  for (const k of keys) {
    if (k === stepKey) continue;
    const vals = doc[k] as unknown[];
    if (stepList && vals.length !== stepList.length) ctx.warn(`list '${k}' has ${vals.length} entries where '${stepKey}' has ${stepList.length}: entries past the shorter are not loaded`, { skipped: Math.max(0, vals.length - stepList.length) });
    const id = b.metricId(k);
    const n = stepList ? Math.min(vals.length, stepList.length) : vals.length;
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (v === null) continue;
      const step = stepList ? stepList[i] : i;
      if (typeof step !== 'number' || stepProblem(step) !== undefined) { no.refuse(`'${stepKey}'[${i}]`, `step ${JSON.stringify(step)?.slice(0, 30)} is not a non-negative integer`); continue; }
      if (typeof v !== 'number') { no.refuse(`'${k}'[${i}]`, 'not a number'); continue; }
      loaded++;
      b.push(run, step, id, v);
    }
  }
  if (loaded === 0 && keys.some((k) => k !== stepKey && (doc[k] as unknown[]).length > 0)) throw new LoadError(`no value could be loaded; the first problem: ${no.first ?? 'none'}`, { file, expected: 'lists of numbers' });
}
