/**
 * Fuzzing campaign of the text loaders (issue 9): for each real-shaped base log (test/load/text/fuzz-harness.ts),
 * N seeded mutations, each loaded twice (format forced, and detected). Counts, per loader: inputs tried, loads,
 * crashes (an exception other than a ScalelabError), hangs (a load slower than 2 s), silent losses (points lost
 * without a warning naming the damaged line), typed errors; prints the first few failures of each kind.
 *
 * Run: npx tsx bench/fuzz-text.ts [mutations per loader] [seed]
 *
 * @example
 * // npx tsx bench/fuzz-text.ts 3000 1
 */
import fc from 'fast-check';
import { assess, BASES, mutationArb, prepareBase, type Mutation } from '../test/load/text/fuzz-harness.js';

const N = Number(process.argv[2] ?? 2000);
const SEED = Number(process.argv[3] ?? 1);
const HANG_MS = 2000;

console.log(`text-loader fuzzing: ${N} mutations per base, seed ${SEED}, each loaded forced and detected (Node ${process.version})`);
console.log('| base | inputs | loads | crashes | hangs (>2 s) | silent losses | typed errors | slowest load ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const failures: string[] = [];
for (const name of Object.keys(BASES)) {
  const base = await prepareBase(name);
  const muts: Mutation[] = fc.sample(mutationArb, { numRuns: N, seed: SEED });
  let loads = 0, crashes = 0, hangs = 0, silent = 0, typed = 0, slowest = 0;
  for (const m of muts) {
    for (const forced of [true, false]) {
      const r = await assess(base, m, forced);
      loads++;
      slowest = Math.max(slowest, r.ms);
      if (r.ms > HANG_MS) { hangs++; failures.push(`${name} hang ${r.ms.toFixed(0)} ms ${JSON.stringify(m)}`); }
      if (r.outcome === 'crash') { crashes++; failures.push(`${name} crash ${JSON.stringify(m)}: ${r.detail}`); }
      else if (r.outcome === 'silent-loss') { silent++; failures.push(`${name} silent (${forced ? 'forced' : 'detected'}) ${JSON.stringify(m)}: ${r.detail}`); }
      else if (r.outcome === 'typed-error') typed++;
    }
  }
  console.log(`| ${name} | ${N} | ${loads} | ${crashes} | ${hangs} | ${silent} | ${typed} | ${slowest.toFixed(0)} |`);
}
if (failures.length) {
  console.log(`\nfailures (${failures.length} in all; the first 6 per base):`);
  const shown = new Map<string, number>();
  for (const f of failures) {
    const b = f.slice(0, f.indexOf(' '));
    if ((shown.get(b) ?? 0) >= 6) continue;
    shown.set(b, (shown.get(b) ?? 0) + 1);
    console.log('- ' + f);
  }
}
