/**
 * Property tests: mutated and truncated inputs give a RunSet or a typed LoadError — never another exception,
 * never a hang — and whatever loads holds exactly the numbers written (no silently wrong value).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../../src/errors.js';
import { load } from '../../../src/load/index.js';

const dir = mkdtempSync(join(tmpdir(), 'scalelab-tabular-prop-'));
let k = 0;
const write = (ext: string, bytes: Uint8Array | string): string => {
  const p = join(dir, `f${k++}.${ext}`);
  writeFileSync(p, bytes);
  return p;
};

/** load() must resolve or reject with a LoadError; anything else fails the property. */
async function loadOrLoadError(p: string, format: string): Promise<'ok' | 'error'> {
  try {
    await load(p, { format });
    return 'ok';
  } catch (e) {
    if (e instanceof LoadError) return 'error';
    throw e;
  }
}

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
const rowsArb = fc.array(fc.tuple(fc.constantFrom('a', 'b "x"', 'c,d'), fc.nat(1000), fc.constantFrom('loss', 'val/loss'), finite), { minLength: 1, maxLength: 30 });
const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('tabular loaders under mutation', () => {
  it('CSV round-trip: every number written is read back exactly (any run/metric quoting, CRLF or not)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.boolean(), async (rows, crlf) => {
        const nl = crlf ? '\r\n' : '\n';
        // distinct (run, metric, step) so that duplicates do not hide values
        const seen = new Map<string, [string, number, string, number]>();
        for (const r of rows) seen.set(`${r[0]}|${r[2]}|${r[1]}`, r);
        // steps ascending: a step going backwards is a restart (the builder supersedes the earlier segment)
        const sorted = [...seen.values()].sort((x, y) => x[1] - y[1]);
        const text = 'run,step,metric,value' + nl + sorted.map((r) => `${q(r[0])},${r[1]},${r[2]},${r[3]}`).join(nl);
        const rs = await load(write('csv', text));
        for (const [run, step, metric, value] of seen.values()) {
          const c = rs.curve(run, metric)!;
          const i = [...c.step].indexOf(step);
          expect(Object.is(c.value[i], value) || (value === 0 && c.value[i] === 0)).toBe(true);
        }
        expect(rs.numPoints).toBe(seen.size);
      }),
      { numRuns: 60 },
    );
  });

  const base = 'run,step,metric,value\n"a ""1""",1,loss,2.5\nb,2,"val,loss",-1e-3\nb,3,val/loss,nan\n';
  const jbase = '{"step": 1, "loss": 2.5, "lr": NaN}\n{"step": 2, "loss": 1.25, "eval": {"acc": 0.5}}\n{"run": "x", "step": 3, "loss": null}\n';

  it.each([
    ['csv', base],
    ['jsonl', jbase],
    ['wandb-chart', '"Step","r - loss","r - loss__MIN"\n"0","2","1.5"\n"1","1","1"\n'],
    ['wandb-runs', '"Name","State","lr","loss"\n"a","finished","0.1","2.5"\n'],
    ['wandb-history', '_step,_runtime,loss,media\n0,1.5,2,x\n1,2.5,,\n'],
    ['hf-trainer', '{"global_step": 2, "log_history": [{"step": 1, "loss": 2}, {"eval_loss": 1.5}]}'],
  ])('%s: byte mutations and truncations give a RunSet or a LoadError', async (format, text) => {
    const bytes = Buffer.from(text);
    const ext = format === 'jsonl' ? 'jsonl' : format === 'hf-trainer' ? 'json' : 'csv';
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(bytes.length), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(bytes.length),
        async (edits, cut) => {
          const b = Buffer.from(bytes.subarray(0, Math.max(1, cut)));
          for (const [pos, val] of edits) if (pos < b.length) b[pos] = val;
          await loadOrLoadError(write(ext, b), format);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a CSV cut inside a quoted field loses that row with a warning; cut after a number the row is kept and flagged', async () => {
    const full = 'run,step,metric,value\na,1,loss,2.5\na,2,"val loss",3.75';
    const cutQuote = full.slice(0, full.indexOf('"val') + 4);
    const rs0 = await load(write('csv', cutQuote));
    expect(rs0.numPoints).toBe(1);
    expect(rs0.warnings.filter((w) => w.skipped === 1 && w.line === 3)).toHaveLength(1);
    const rs = await load(write('csv', full.slice(0, -1))); // '3.7': kept as the file says, but flagged
    expect(rs.curve('a', 'val loss')!.value[0]).toBe(3.7);
    expect(rs.warnings.map((w) => [w.line, /may be cut short/.test(w.message)])).toEqual([[3, true]]);
  });
});
