/**
 * The weekly config's `ladders` key and ladder items, validated. Every error is a ReportError naming the key path.
 *
 *     "ladders": {
 *       "olmo": {
 *         "paths": ["../test/fixtures/olmo-ladder/ladder-runs"],      // ladder runs (and reruns, larger sizes)
 *         "N": { "190M": 190354176, "1B": 1279395840 },               // by run name or the prefix before '-'
 *         "runs": ["190M-1xC", ...],                                   // the ladder the prediction fits (default all)
 *         "tasks": "paper",                                            // or ["MMLU", ...] or {NAME: {loss, accuracy, weights?, chance?, ceiling?}}
 *         "target": { "N": 6887575552, "D": 3945065873408, "label": "7B", "actual": "…/peteish7_eval_anneal.csv" },
 *         "smooth": 5, "skip": 0.1, "bootstrap": 100, "block": 10, "seed": 1, "noise": true
 *       }
 *     }
 *
 * `actual` is the target's evaluation, loaded with `stepColumn: 'throughput/total_tokens'` (its last row is compared).
 * `noise` (default true) computes the noise table over every loaded run (reruns give the seed SD, the largest size
 * is the decision target). Items: `ladder-prediction` {ladder, caption?}, `ladder-steps` {ladder, task, caption?},
 * `ladder-noise` {ladder, caption?}.
 *
 * @example
 * const l = ladderConfigs({ olmo: { paths: ['runs'], N: { '1B': 1.3e9 }, target: { N: 7e9, D: 4e12 } } }, '/data');
 * l.olmo!.tasks.length; // 8 (the paper's)
 */
import { isAbsolute, resolve } from 'node:path';
import { ReportError } from '../errors.js';
import { PAPER_TASKS, type TaskSpec } from '../ladder/task.js';

/** One ladder of the config; paths absolute. */
export interface LadderConfig {
  paths: string[];
  N: Record<string, number>;
  runs?: string[];
  tasks: TaskSpec[];
  target: { N: number; D: number; label?: string; actual?: string };
  smooth: number;
  skip: number;
  bootstrap: number;
  block: number;
  seed?: number;
  noise: boolean;
}

/** The ladder item kinds. */
export const LADDER_ITEM_KINDS = ['ladder-prediction', 'ladder-steps', 'ladder-noise'] as const;

/** A ladder item. */
export type LadderItemConfig =
  | { kind: 'ladder-prediction'; ladder: string; caption?: string }
  | { kind: 'ladder-steps'; ladder: string; task: string; caption?: string }
  | { kind: 'ladder-noise'; ladder: string; caption?: string };

type Obj = Record<string, unknown>;
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v));
const fail = (path: string, msg: string): never => {
  throw new ReportError(`${path}: ${msg}`);
};
function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object, got ${show(v)}`);
  return v as Obj;
}
function keys(o: Obj, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
}
function strings(v: unknown, path: string): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) fail(path, `expected a string or a non-empty list of strings, got ${show(v)}`);
  return list as string[];
}
function number(o: Obj, k: string, path: string, ok: (x: number) => boolean, what: string): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !ok(v)) fail(`${path}.${k}`, `expected ${what}, got ${show(v)}`);
  return v as number;
}
const positive = (x: number): boolean => Number.isFinite(x) && x > 0;

function task(name: string, v: unknown, path: string): TaskSpec {
  const o = obj(v, path);
  keys(o, path, ['loss', 'accuracy', 'weights', 'chance', 'ceiling']);
  const loss = strings(o.loss, `${path}.loss`);
  const accuracy = strings(o.accuracy, `${path}.accuracy`);
  let weights: number[] | undefined;
  if (o.weights !== undefined) {
    if (!Array.isArray(o.weights) || o.weights.some((w) => !positive(w as number))) fail(`${path}.weights`, `expected a list of positive numbers, got ${show(o.weights)}`);
    weights = o.weights as number[];
    if (weights.length !== loss.length || weights.length !== accuracy.length) fail(`${path}.weights`, `${weights.length} weights for ${loss.length} loss and ${accuracy.length} accuracy columns; give one weight per column`);
  }
  const chance = number(o, 'chance', path, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
  const ceiling = number(o, 'ceiling', path, (x) => x > 0 && x <= 1, 'a number in (0, 1]');
  if (chance !== undefined && ceiling !== undefined && !(chance < ceiling)) fail(path, `chance ${chance} must be below ceiling ${ceiling}`);
  return { name, loss, accuracy, ...(weights ? { weights } : {}), ...(chance !== undefined ? { chance } : {}), ...(ceiling !== undefined ? { ceiling } : {}) };
}

function tasks(v: unknown, path: string): TaskSpec[] {
  if (v === undefined || v === 'paper') return [...PAPER_TASKS];
  if (Array.isArray(v)) {
    return strings(v, path).map((n, i) => {
      const t = PAPER_TASKS.find((p) => p.name === n);
      if (!t) fail(`${path}[${i}]`, `no paper task named ${show(n)} (have: ${PAPER_TASKS.map((p) => p.name).join(', ')}); define it as {NAME: {loss, accuracy}}`);
      return t!;
    });
  }
  const o = obj(v, path);
  if (Object.keys(o).length === 0) fail(path, 'no tasks');
  return Object.entries(o).map(([n, t]) => task(n, t, `${path}.${n}`));
}

/**
 * Validate the `ladders` key (undefined gives `{}`); relative paths resolve against `baseDir`.
 *
 * @example
 * ladderConfigs(undefined, '/data'); // {}
 */
export function ladderConfigs(v: unknown, baseDir: string): Record<string, LadderConfig> {
  if (v === undefined) return {};
  const all = obj(v, 'ladders');
  const out: Record<string, LadderConfig> = {};
  for (const [name, lv] of Object.entries(all)) {
    const path = `ladders.${name}`;
    const o = obj(lv, path);
    keys(o, path, ['paths', 'N', 'runs', 'tasks', 'target', 'smooth', 'skip', 'bootstrap', 'block', 'seed', 'noise']);
    if (o.paths === undefined) fail(`${path}.paths`, 'required (the ladder runs: files, folders or globs)');
    const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
    const nTable = obj(o.N, `${path}.N`);
    const N: Record<string, number> = {};
    for (const [k, n] of Object.entries(nTable)) {
      if (typeof n !== 'number' || !positive(n)) fail(`${path}.N.${k}`, `expected a positive parameter count, got ${show(n)}`);
      N[k] = n as number;
    }
    if (Object.keys(N).length === 0) fail(`${path}.N`, 'no sizes (give N per run name or per prefix, e.g. {"1B": 1279395840})');
    const t = obj(o.target, `${path}.target`);
    keys(t, `${path}.target`, ['N', 'D', 'label', 'actual']);
    const tN = number(t, 'N', `${path}.target`, positive, 'a positive number');
    const tD = number(t, 'D', `${path}.target`, positive, 'a positive number');
    if (tN === undefined || tD === undefined) fail(`${path}.target`, 'N and D are required');
    if (t.label !== undefined && (typeof t.label !== 'string' || t.label === '')) fail(`${path}.target.label`, `expected a non-empty string, got ${show(t.label)}`);
    if (t.actual !== undefined && (typeof t.actual !== 'string' || t.actual === '')) fail(`${path}.target.actual`, `expected a path, got ${show(t.actual)}`);
    if (o.noise !== undefined && typeof o.noise !== 'boolean') fail(`${path}.noise`, `expected true or false, got ${show(o.noise)}`);
    const seed = number(o, 'seed', path, Number.isInteger, 'an integer');
    out[name] = {
      paths: strings(o.paths, `${path}.paths`).map(abs),
      N,
      ...(o.runs !== undefined ? { runs: strings(o.runs, `${path}.runs`) } : {}),
      tasks: tasks(o.tasks, `${path}.tasks`),
      target: { N: tN!, D: tD!, ...(t.label !== undefined ? { label: t.label as string } : {}), ...(t.actual !== undefined ? { actual: abs(t.actual as string) } : {}) },
      smooth: number(o, 'smooth', path, (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1') ?? 5,
      skip: number(o, 'skip', path, (x) => x >= 0 && x < 1, 'a number in [0, 1)') ?? 0.1,
      bootstrap: number(o, 'bootstrap', path, (x) => x === 0 || (Number.isInteger(x) && x >= 10), '0 or an integer >= 10') ?? 0,
      block: number(o, 'block', path, (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1') ?? 10,
      ...(seed !== undefined ? { seed } : {}),
      noise: (o.noise as boolean | undefined) ?? true,
    };
  }
  return out;
}

/**
 * Validate a ladder item (`kind` already one of {@link LADDER_ITEM_KINDS}).
 *
 * @example
 * ladderItem({ kind: 'ladder-noise', ladder: 'olmo' }, 'sections[0].items[0]', { olmo: cfg }); // { kind: 'ladder-noise', ladder: 'olmo' }
 */
export function ladderItem(o: Obj, path: string, ladders: Record<string, LadderConfig>): LadderItemConfig {
  const kind = o.kind as LadderItemConfig['kind'];
  keys(o, path, kind === 'ladder-steps' ? ['kind', 'ladder', 'task', 'caption'] : ['kind', 'ladder', 'caption']);
  const ladder = o.ladder;
  if (typeof ladder !== 'string' || !ladders[ladder]) fail(`${path}.ladder`, `no ladder named ${show(ladder)} (ladders: ${Object.keys(ladders).join(', ') || 'none'})`);
  if (o.caption !== undefined && (typeof o.caption !== 'string' || o.caption === '')) fail(`${path}.caption`, `expected a non-empty string, got ${show(o.caption)}`);
  const cap = o.caption !== undefined ? { caption: o.caption as string } : {};
  if (kind === 'ladder-steps') {
    const names = ladders[ladder as string]!.tasks.map((t) => t.name);
    if (typeof o.task !== 'string' || !names.includes(o.task)) fail(`${path}.task`, `expected one of the ladder's tasks (${names.join(', ')}), got ${show(o.task)}`);
    return { kind, ladder: ladder as string, task: o.task as string, ...cap };
  }
  return { kind, ladder: ladder as string, ...cap };
}
