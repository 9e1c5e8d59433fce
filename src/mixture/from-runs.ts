/**
 * Mixture tables from loaded runs: weights from each run's config (W&B config columns, or a Megatron
 * `--data-path` string of alternating weights and paths), losses from each run's final metric values.
 */
import { InputError } from '../errors.js';
import type { RunSet } from '../runs/index.js';
import { finalValues } from '../runs/final.js';
import { mixtureTable, type MixtureTable, type MixtureTableOptions } from './table.js';

/**
 * Parse a Megatron-LM `--data-path` value (`"0.3 /data/web_text_document 0.7 /data/code_text_document"`) into
 * weights per domain (the path's last component, without a `_text_document` suffix), normalised to sum to 1.
 *
 * @example
 * parseMegatronDataPath('0.3 /d/web_text_document 0.7 /d/code_text_document'); // { web: 0.3, code: 0.7 }
 */
export function parseMegatronDataPath(value: string): Record<string, number> {
  const parts = value.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 2 || parts.length % 2 !== 0) throw new InputError(`--data-path "${value}": expected alternating weights and paths ("w1 path1 w2 path2 ...")`);
  const out: Record<string, number> = {};
  let s = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const w = Number(parts[i]);
    if (!(w >= 0 && Number.isFinite(w))) throw new InputError(`--data-path "${value}": weight "${parts[i]}" is not a number >= 0`);
    const name = parts[i + 1]!.split(/[\\/]/).pop()!.replace(/_text_document$/, '');
    out[name] = (out[name] ?? 0) + w;
    s += w;
  }
  if (!(s > 0)) throw new InputError(`--data-path "${value}": weights sum to 0`);
  for (const k of Object.keys(out)) out[k]! /= s;
  return out;
}

/**
 * Expand domain patterns (`*` matches any characters, e.g. 'mix/*') over the keys of the runs' configs (and, for
 * runs whose config lacks them, their summaries: a W&B runs table loaded without config columns puts numbers
 * there). A pattern without `*` is kept as it is. Sorted, no repeats; a pattern that matches nothing is an error.
 *
 * @example
 * expandDomains(rs, ['mix/*']); // ['mix/code', 'mix/web']
 */
export function expandDomains(rs: RunSet, patterns: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const run of rs.runs) { for (const k of Object.keys(run.config)) keys.add(k); for (const k of Object.keys(run.summary ?? {})) keys.add(k); }
  const out = new Set<string>();
  for (const p of patterns) {
    if (!p.includes('*')) { out.add(p); continue; }
    const re = new RegExp(`^${p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const hit = [...keys].filter((k) => re.test(k)).sort();
    if (hit.length === 0) throw new InputError(`--domains '${p}' matches no config key of the ${rs.runs.length} runs (keys start ${[...keys].slice(0, 8).join(', ') || 'none'})`);
    for (const k of hit) out.add(k);
  }
  return [...out];
}

/** Options of {@link mixtureFromRuns}. */
export interface MixtureFromRunsOptions extends MixtureTableOptions {
  /** Config keys holding the weights (each a domain), e.g. ['mix/web', 'mix/code'] (see {@link expandDomains} for patterns); or use `dataPathKey`. */
  domains?: readonly string[];
  /** Config key holding a Megatron `--data-path` string (default none). */
  dataPathKey?: string;
  /** Metrics whose final values are the losses. */
  metrics: readonly string[];
}

/**
 * Build a {@link MixtureTable} from runs. A run without weights is left out with a warning naming it; a run
 * without a metric gets NaN there (and {@link mixtureTable}'s warning).
 *
 * @example
 * const t = mixtureFromRuns(rs, { domains: ['mix/web', 'mix/code'], metrics: ['val/loss'] });
 * const t2 = mixtureFromRuns(rs, { dataPathKey: 'data_path', metrics: ['lm loss validation'] });
 */
export function mixtureFromRuns(rs: RunSet, options: MixtureFromRunsOptions): MixtureTable {
  if (!options.domains && !options.dataPathKey) throw new InputError('mixtureFromRuns: give the config keys of the weights (domains) or of a Megatron --data-path (dataPathKey)');
  if (options.metrics.length === 0) throw new InputError('mixtureFromRuns: no metrics given');
  const perRun = new Map<string, Record<string, number>>();
  const noWeights: string[] = [];
  const fromSummary: string[] = [];
  for (const run of rs.runs) {
    if (options.dataPathKey) {
      const v = run.config[options.dataPathKey];
      if (typeof v !== 'string') { noWeights.push(run.id); continue; }
      perRun.set(run.id, parseMegatronDataPath(v));
    } else {
      const w: Record<string, number> = {};
      let ok = true;
      let summ = false;
      for (const d of options.domains!) {
        let v = run.config[d];
        if (v === undefined && run.summary && typeof run.summary[d] === 'number') { v = run.summary[d]; summ = true; }
        if (typeof v !== 'number') { ok = false; break; }
        w[d] = v;
      }
      if (ok) { perRun.set(run.id, w); if (summ) fromSummary.push(run.id); } else noWeights.push(run.id);
    }
  }
  const domains = options.domains ? [...options.domains] : [...new Set([...perRun.values()].flatMap((w) => Object.keys(w)))].sort();
  const mix = { header: ['id', ...domains], rows: [...perRun].map(([id, w]) => [id, ...domains.map((d) => String(w[d] ?? 0))]), name: 'run configs' };
  const finals = options.metrics.map((m) => new Map(finalValues(rs, m).map((r) => [r.run, r.value])));
  const res = { header: ['id', ...options.metrics], rows: [...perRun.keys()].map((id) => [id, ...finals.map((f) => String(f.get(id) ?? NaN))]), name: 'run metrics' };
  if (perRun.size === 0) throw new InputError(`no run has mixture weights in its config (${options.dataPathKey ?? options.domains!.join(', ')}); runs ${noWeights.slice(0, 10).join(', ')}`);
  const t = mixtureTable(mix, res, options);
  if (fromSummary.length) t.warnings.unshift(`weights of ${fromSummary.length} runs read from summary values, not config (a W&B runs table loaded without --config-columns?): ${fromSummary.slice(0, 10).join(', ')}${fromSummary.length > 10 ? ' ...' : ''}`);
  if (noWeights.length) t.warnings.unshift(`${noWeights.length} runs have no mixture weights in their config and are left out: ${noWeights.slice(0, 10).join(', ')}${noWeights.length > 10 ? ' ...' : ''}`);
  return t;
}
