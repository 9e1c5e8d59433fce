import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';

/**
 * bin/scalelab.js in a copy of the checkout whose dist/ holds a fake build that prints STALE: the entry point must
 * run the source when src/ is newer than the build, and the build when the build is newer.
 */
describe('bin/scalelab.js', () => {
  const root = mkdtempSync(join(tmpdir(), 'scalelab-bin-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync('bin/scalelab.js', join(root, 'bin', 'scalelab.js'));
  copyFileSync('package.json', join(root, 'package.json'));
  symlinkSync(resolve('src'), join(root, 'src'));
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
  const built = join(root, 'dist', 'cli', 'main.js');
  writeFileSync(built, "export async function run() { process.stdout.write('STALE\\n'); return 0; }\n");
  const bin = () => spawnSync(process.execPath, [join(root, 'bin', 'scalelab.js'), '--version'], { encoding: 'utf8' });

  it('runs the TypeScript source when a file under src/ is newer than dist/ (a stale build is never run)', () => {
    utimesSync(built, new Date('2000-01-01'), new Date('2000-01-01'));
    const r = bin();
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.status).toBe(0);
  }, 60_000);

  it('runs dist/ when it is newer than every source file', () => {
    const future = new Date(Date.now() + 86_400_000);
    utimesSync(built, future, future);
    const r = bin();
    expect(r.stdout).toBe('STALE\n');
    expect(r.status).toBe(0);
  }, 60_000);
});
