/** Temp folders for synthetic event files (the user's files are never written; these are our own). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temp folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scalelab-tb-'));
}

/** Write `bytes` at `dir/rel`, creating folders; returns the path. */
export function put(dir: string, rel: string, bytes: Uint8Array): string {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, bytes);
  return p;
}
