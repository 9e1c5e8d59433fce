/** Test helpers: write a log text to a temporary file and load it through the real `load()`. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from '../../../src/load/index.js';
import type { LoadOptions } from '../../../src/load/types.js';
import type { RunSet } from '../../../src/runs/runset.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-textlog-'));
let counter = 0;

/** Write `text` to a fresh temp file named `name` (in its own folder) and return its path. */
export function writeTemp(text: string | Uint8Array, name = 'train.log'): string {
  const sub = join(dir, String(counter++));
  mkdirSync(sub);
  const p = join(sub, name);
  writeFileSync(p, text);
  return p;
}

/** Load a text as a file (format detected unless given). */
export async function loadText(text: string | Uint8Array, options: LoadOptions & { seqLength?: number } = {}, name = 'train.log'): Promise<RunSet> {
  return load(writeTemp(text, name), options);
}

/** The values of one curve as plain arrays. */
export function curveOf(rs: RunSet, metric: string, run = rs.runs[0]!.id): { step: number[]; value: number[]; tokens: number[]; time: number[]; flag: number[] } {
  const c = rs.curve(run, metric);
  if (!c) throw new Error(`no curve ${run}/${metric}; have ${rs.runMetrics(run).join(', ')}`);
  return { step: [...c.step], value: [...c.value], tokens: [...c.tokens], time: [...c.time], flag: [...c.flag] };
}

/** Fixture root (read in place, never copied). */
export const FIX = new URL('../../fixtures/', import.meta.url);
