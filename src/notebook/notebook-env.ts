/**
 * Make `import { … } from 'scalelab'` work in a tslab cell exactly as in a user's script, with types.
 *
 * tslab compiles each cell with its own TypeScript 5.0.4 using Node10 module resolution (no package
 * `exports`, no self-reference) and runs it as CommonJS. So the notebooks need what an npm user gets: a
 * package named `scalelab` in node_modules whose `types` and `main` point at the built library. In a
 * checkout this module (1) builds `dist/` with the project's own compiler when a source file is newer than
 * `dist/index.js`, and (2) creates `node_modules/scalelab/` holding a copy of the package's identity
 * (name, version, type, main, types, exports) and a `dist` symlink to the project's `dist/`. The ESM
 * build is loaded through Node's require(esm) (Node ≥ 20.19). No cell needs `@ts-ignore` or a path.
 *
 * @example
 * const r = prepareLibraryForNotebooks();
 * if (r.built) console.error('rebuilt dist/ for the notebooks');
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportError } from '../errors.js';
import { PROJECT_ROOT } from './notebook-kernel.js';

/** What {@link prepareLibraryForNotebooks} did. */
export interface PrepareResult {
  /** True when dist/ was (re)built. */
  built: boolean;
  /** Compiler diagnostics of a build that still produced dist/index.js (type errors do not stop tsc's emit). */
  buildWarnings?: string;
  /** Path of the `scalelab` package the notebooks resolve. */
  packageDir: string;
}

/** Options of {@link prepareLibraryForNotebooks}. */
export interface PrepareOptions {
  /** Project root; default the checkout this file belongs to. */
  root?: string;
  /** 'if-stale' (default) builds when a source is newer than dist/index.js; 'always'; 'never'. */
  build?: 'if-stale' | 'always' | 'never';
}

const MARKER = '.scalelab-notebook-link';

/**
 * Build the library if needed and link it as `node_modules/scalelab` for tslab cells. Idempotent.
 *
 * @example
 * prepareLibraryForNotebooks({ build: 'never' }).packageDir; // '/…/node_modules/scalelab'
 */
export function prepareLibraryForNotebooks(options: PrepareOptions = {}): PrepareResult {
  const root = options.root ?? PROJECT_ROOT;
  const pkgPath = join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
  if (pkg.name !== 'scalelab') throw new ReportError(`${pkgPath} is not scalelab's package.json`);
  const result: PrepareResult = { built: false, packageDir: join(root, 'node_modules', 'scalelab') };
  const isCheckout = existsSync(join(root, 'tsconfig.build.json')) && existsSync(join(root, 'src'));
  const entry = join(root, 'dist', 'index.js');
  const mode = options.build ?? 'if-stale';
  if (isCheckout && !existsSync(join(root, 'src', 'index.ts'))) {
    throw new ReportError(`${join(root, 'src', 'index.ts')} is missing: notebooks import scalelab's public entry, which is built from it`);
  }
  if (isCheckout && (mode === 'always' || (mode === 'if-stale' && isStale(join(root, 'src'), entry)))) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
    result.built = true;
    if (r.status !== 0) {
      const diag = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
      if (!existsSync(entry)) throw new ReportError(`building the library for the notebooks failed (tsc exit ${r.status}):\n${diag}`);
      result.buildWarnings = diag;
    }
  }
  if (!existsSync(entry)) throw new ReportError(`${entry} is missing: run \`npm run build\` so notebooks can import scalelab`);
  linkPackage(root, pkg, result.packageDir);
  return result;
}

function linkPackage(root: string, pkg: Record<string, unknown>, dir: string): void {
  if (existsSync(dir) && !existsSync(join(dir, MARKER))) {
    // A real installation of scalelab (e.g. from the registry) is left alone.
    return;
  }
  const identity = { name: pkg.name, version: pkg.version, type: pkg.type, main: pkg.main, types: pkg.types, exports: pkg.exports };
  const json = JSON.stringify(identity, null, 2) + '\n';
  mkdirSync(dir, { recursive: true });
  writeIfChanged(join(dir, 'package.json'), json);
  writeIfChanged(join(dir, MARKER), 'Created by scalelab (src/notebook/notebook-env.ts) so tslab cells can import the built library.\n');
  const link = join(dir, 'dist');
  const target = join('..', '..', 'dist');
  let current: string | undefined;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'not-a-link';
  } catch {
    current = undefined;
  }
  if (current !== target) {
    if (current !== undefined) rmSync(link, { recursive: true, force: true });
    symlinkSync(target, link, 'dir');
  }
  void root;
}

function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** True when dist/index.js is missing or older than some .ts file under src/. */
function isStale(srcDir: string, entry: string): boolean {
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  const walk = (d: string): boolean => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (walk(p)) return true;
      } else if (e.name.endsWith('.ts') && statSync(p).mtimeMs > built) return true;
    }
    return false;
  };
  return walk(srcDir);
}

/**
 * True when a notebook's code imports scalelab (then the library must be built and linked before running).
 *
 * @example
 * importsScalelab(["import { load } from 'scalelab';"]); // true
 */
export function importsScalelab(sources: readonly string[]): boolean {
  return sources.some((s) => /\bfrom\s+['"]scalelab['"]|\brequire\(\s*['"]scalelab['"]\s*\)|\bimport\(\s*['"]scalelab['"]\s*\)|\bimport\s+['"]scalelab['"]/.test(s));
}
