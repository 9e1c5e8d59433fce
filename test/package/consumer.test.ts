/**
 * scalelab as a dependency of someone else's project, the way a researcher gets it: `npm pack` from a copy of the
 * repository's tracked files (prepack builds dist/), `npm install <tarball> tslab typescript` into a fresh
 * project, then import it from a JavaScript script, a TypeScript script and a tslab notebook in that project,
 * each running one fit. The project's npm `overrides` do not apply there, so this catches a dependency that
 * installs only with them (arquero's @uwdata/flechette 2.7 needs @uwdata/wk-geojson, absent from the registry
 * CI reaches). npm's cache is warm after `npm ci`, so the install takes seconds (`--prefer-offline`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notebook } from '../../src/notebook/ipynb.js';
import { executeNotebook, PROJECT_ROOT } from '../../src/notebook/notebook-kernel.js';

const tmp = mkdtempSync(join(tmpdir(), 'scalelab-consumer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const clone = join(tmp, 'scalelab');
const proj = join(tmp, 'my-analysis');
const devVersion = (name: string): string => (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let tarball = '';
beforeAll(() => {
  // The tracked files a clean clone has (git ls-files), not this checkout's dist/ or other leftovers.
  const files = execFileSync('git', ['ls-files', '-z', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'bin', 'src'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) cpSync(join(PROJECT_ROOT, f), join(clone, f), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir'); // the compiler for prepack
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], clone)) as { filename: string; files: { path: string }[] }[];
  const paths = packed[0]!.files.map((f) => f.path);
  expect(paths).toContain('dist/index.js');
  expect(paths).toContain('dist/index.d.ts');
  tarball = join(tmp, packed[0]!.filename);
  mkdirSync(join(proj, 'notebooks'), { recursive: true });
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'my-analysis', version: '1.0.0', private: true }, null, 2));
  cpSync(join(PROJECT_ROOT, 'data', 'sweep', 'runs.csv'), join(proj, 'runs.csv'));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `tslab@${devVersion('tslab')}`, `typescript@${devVersion('typescript')}`], proj);
}, 300_000);

const FIT = `const rows = await readTable('runs.csv');
const fit = await fitLaw(pointsFromTable(rows, { N: 'N', D: 'D', loss: 'loss' }), chinchillaLaw(), { loss: 'huber', delta: 1e-3 });`;

describe('scalelab installed from its packed tarball into a fresh project (no overrides)', () => {
  it('resolves arquero onto @uwdata/flechette 2.6.0 and installs no danfojs-node', () => {
    const version = (p: string) => (JSON.parse(readFileSync(join(proj, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version('@uwdata/flechette')).toBe('2.6.0');
    expect(existsSync(join(proj, 'node_modules', '@uwdata', 'wk-geojson'))).toBe(false);
    expect(existsSync(join(proj, 'node_modules', 'scalelab', 'node_modules', '@uwdata', 'flechette'))).toBe(false);
    expect(existsSync(join(proj, 'node_modules', 'danfojs-node'))).toBe(false);
  });

  it('imports from a JavaScript module (import and require) and fits', () => {
    writeFileSync(join(proj, 'fit.mjs'), `import { readTable, pointsFromTable, fitLaw, chinchillaLaw } from 'scalelab';
import { createRequire } from 'node:module';
const cjs = createRequire(import.meta.url)('scalelab');
${FIT}
console.log(JSON.stringify({ converged: fit.converged, E: fit.params.E, alpha: fit.params.alpha, cjs: typeof cjs.fitLaw }));`);
    const out = JSON.parse(run(process.execPath, ['fit.mjs'], proj)) as { converged: boolean; E: number; alpha: number; cjs: string };
    expect(out.converged).toBe(true);
    expect(out.E).toBeGreaterThan(1);
    expect(out.E).toBeLessThan(2.5);
    expect(out.cjs).toBe('function');
  });

  it('type-checks and runs a strict TypeScript script against the shipped .d.ts', () => {
    // skipLibCheck as `tsc --init` writes it: Observable Plot's and arquero's own .d.ts do not pass a strict lib check.
    writeFileSync(join(proj, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', outDir: 'out', skipLibCheck: true, types: [] }, files: ['fit.mts'] }));
    writeFileSync(join(proj, 'fit.mts'), `import { readTable, pointsFromTable, fitLaw, chinchillaLaw, type FitResult, type TableRow } from 'scalelab';
${FIT.replace('const rows =', 'const rows: TableRow[] =').replace('const fit =', 'const fit: FitResult =')}
const alpha: number = fit.params.alpha!;
console.log(fit.converged && alpha > 0 ? 'ok' : 'bad');`);
    run(process.execPath, [join(proj, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], proj);
    expect(run(process.execPath, [join('out', 'fit.mjs')], proj).trim()).toBe('ok');
  });

  it('runs worker threads from the installed package (dist/…/worker.js shipped): the same study on 2 threads as on 1', () => {
    writeFileSync(join(proj, 'workers.mjs'), `import { mixtureStudyParallel } from 'scalelab';
const X = [], y = [];
for (let i = 0; i < 40; i++) { const a = ((i * 37) % 40) / 40; const w = Float64Array.from([a * 0.8, 0.2, 0.8 - a * 0.8]); X.push(w); y.push(3 + 0.5 * w[0] - 0.3 * w[2] + 0.01 * Math.sin(i)); }
const opts = { folds: 5, seed: 1, resamples: 50, models: ['linear', 'trees'] };
const one = await mixtureStudyParallel(X, Float64Array.from(y), { ...opts, threads: 1 });
const two = await mixtureStudyParallel(X, Float64Array.from(y), { ...opts, threads: 2 });
console.log(JSON.stringify({ same: JSON.stringify(one.models.map((m) => m.cv)) === JSON.stringify(two.models.map((m) => m.cv)), chosen: two.chosen }));`);
    const out = JSON.parse(run(process.execPath, ['workers.mjs'], proj)) as { same: boolean; chosen: string };
    expect(out.same).toBe(true);
    expect(['linear', 'trees']).toContain(out.chosen);
    // without these the pools fall back to the calling thread (same numbers, no parallelism): they must ship
    for (const w of ['mixture/worker.js', 'ladder/resample-worker.js', 'health/worker.js', 'load/binary/worker.js']) {
      expect(existsSync(join(proj, 'node_modules', 'scalelab', 'dist', w)), w).toBe(true);
    }
  });

  it('runs the CLI from node_modules/.bin', () => {
    const out = JSON.parse(run(join(proj, 'node_modules', '.bin', 'scalelab'), ['fit', 'runs.csv', '--law', 'chinchilla', '--json'], proj)) as { converged?: boolean; fit?: { converged: boolean } };
    expect(out.converged ?? out.fit?.converged).toBe(true);
  });

  it("runs a tslab notebook in the project's own notebooks/ folder that imports scalelab", async () => {
    const cell = (source: string) => ({ cell_type: 'code' as const, metadata: {}, source, execution_count: null, outputs: [] });
    const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
      cell("import { readTable, pointsFromTable, fitLaw, chinchillaLaw, display } from 'scalelab';"),
      cell(FIT.replaceAll("'runs.csv'", "'../runs.csv'") + '\ndisplay(rows.slice(0, 3));\nconsole.log(`converged ${fit.converged}`);'),
      cell('const wrong: string = fit.params.E;'),
    ] };
    // The kernel a user registers with `npx scalelab-kernel install`: the installed package's launcher around the
    // project's own tslab (its failing cells come back as Jupyter error outputs).
    const launcher = join(proj, 'node_modules', '.bin', 'scalelab-kernel');
    const { notebook, failure } = await executeNotebook(nb, { cwd: join(proj, 'notebooks'), kernelArgv: [launcher, 'kernel', '--config-path', '{connection_file}'] });
    const outs = notebook.cells[1]?.cell_type === 'code' ? notebook.cells[1].outputs : [];
    expect(outs.find((o) => o.output_type === 'display_data')).toBeDefined();
    expect(outs).toContainEqual({ output_type: 'stream', name: 'stdout', text: 'converged true\n' });
    // The types come from the installed package: a wrong assignment is a compile error in the cell.
    expect(failure?.cellIndex).toBe(2);
    expect(failure?.ename).toBe('TypeScriptError');
    expect(failure?.evalue).toMatch(/Type 'number' is not assignable to type 'string'/);
  });
});
