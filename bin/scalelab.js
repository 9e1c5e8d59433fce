#!/usr/bin/env node
// Installed entry point: runs the built CLI when it is current, otherwise the TypeScript source through tsx.
// "Current" means no file under src/ is newer than dist/cli/main.js: in a checkout, a dist/ left over from an
// earlier build (the notebooks build one) would otherwise run old code. An installed package has no tsx, so it
// always runs dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const built = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');

/** Whether some .ts file under src/ was modified after `time` (ms). */
function sourceNewerThan(time) {
  let entries;
  try {
    entries = readdirSync(join(root, 'src'), { recursive: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (!String(e).endsWith('.ts')) continue;
    try {
      if (statSync(join(root, 'src', String(e))).mtimeMs > time) return true;
    } catch {
      // A file removed while we look: ignore it.
    }
  }
  return false;
}

async function runSource() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    return undefined; // tsx is a dev dependency: not there in an installed package.
  }
  return (await import(pathToFileURL(source).href)).run;
}

let run;
const hasBuilt = existsSync(built);
if (!hasBuilt || (existsSync(source) && sourceNewerThan(statSync(built).mtimeMs))) run = await runSource();
if (!run && hasBuilt) ({ run } = await import(pathToFileURL(built).href));
if (!run) {
  process.stderr.write('scalelab: neither a build (dist/, made by `npm run build`) nor tsx to run the source was found\n');
  process.exit(1);
}
process.exitCode = await run(process.argv.slice(2));
