/**
 * Longer mutation-fuzzing campaign over every tabular loader (issue 9); the bounded version runs in CI
 * (test/load/tabular/fuzz.test.ts). For each case: N inputs with 1-3 random byte edits (replace, delete, insert;
 * seeded, so a run is reproducible) and N/4 cuts. Counts crashes (any exception but LoadError), typed errors,
 * loads, silent losses (fewer points than the clean input and no new warning; inputs where an edit may just
 * empty a one-byte cell are not judged, see emptiesACell) and the slowest load.
 *
 * Run: npx tsx bench/tabular-fuzz.ts [N=2000] [seed=1]
 *
 * @example
 * // npx tsx bench/tabular-fuzz.ts 500
 */
import { LoadError } from '../src/errors.js';
import { createRng } from '../src/stats/random.js';
import { ALPHABET, emptiesACell, fuzzCases, mutate, outcome, silentLoss, type Edit, type Outcome } from '../test/helpers/tabular-fuzz.js';

const N = Number(process.argv[2] ?? 2000);
const rng = createRng(Number(process.argv[3] ?? 1));
const pick = (n: number) => Math.floor(rng.next() * n);

async function run(): Promise<void> {
  console.log(`| case | inputs | loaded | LoadError | crashes | silent losses | not judged | slowest load |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  let total = 0, crashes = 0, losses = 0;
  const t0 = Date.now();
  for (const c of fuzzCases().filter((x) => !process.env.FUZZ_ONLY || x.name === process.env.FUZZ_ONLY)) {
    const clean = await outcome(c, c.bytes);
    let ok = 0, err = 0, crash = 0, loss = 0, ambiguous = 0, slowest = 0;
    const once = async (bytes: Uint8Array, judge: boolean, edits: Edit[] = []) => {
      const t = performance.now();
      let o: Outcome | undefined;
      try {
        o = await outcome(c, bytes);
      } catch (e) {
        crash++;
        if (crash <= 3) console.error(`crash in ${c.format}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
        if (!(e instanceof LoadError)) return;
      } finally {
        slowest = Math.max(slowest, performance.now() - t);
      }
      if (!o) return;
      if (o.kind === 'ok') ok++; else err++;
      if (judge && silentLoss(clean, o)) {
        loss++;
        if (process.env.FUZZ_SHOW) console.error(`silent loss in ${c.format} (${c.name}): edits ${JSON.stringify(edits)} ${JSON.stringify(o)}`);
      }
    };
    for (let i = 0; i < N; i++) {
      const edits: Edit[] = Array.from({ length: 1 + pick(3) }, (): Edit => [pick(c.bytes.length), pick(3), rng.next() < 0.8 ? ALPHABET[pick(ALPHABET.length)]! : pick(256)]);
      const judge = !emptiesACell(c.bytes, edits);
      if (!judge) ambiguous++;
      await once(mutate(c.bytes, edits), judge, edits);
    }
    for (let i = 0; i < N / 4; i++) await once(c.bytes.subarray(0, pick(c.bytes.length + 1)), false);
    const inputs = N + Math.floor(N / 4);
    total += inputs; crashes += crash; losses += loss;
    console.log(`| ${c.format} (${c.name}) | ${inputs} | ${ok} | ${err} | ${crash} | ${loss} | ${ambiguous} | ${slowest.toFixed(1)} ms |`);
  }
  console.log(`\n${total} inputs, ${crashes} crashes, ${losses} silent losses, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

void run();
