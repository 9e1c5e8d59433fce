/**
 * `scalelab report <config.json|.yaml>`: build the weekly report a config describes (sources, fits,
 * comparisons, sections; see src/report/weekly-config.ts) into ONE self-contained HTML file and a JSON file
 * beside it with every number the page shows. Never writes over an input. Progress on stderr when it is a
 * terminal.
 *
 * @example
 * scalelab report data/weekly.json --out reports/weekly.html
 * scalelab report weekly.yaml --json
 */
import { basename, extname, resolve } from 'node:path';
import { readWeeklyConfig } from '../report/weekly-config.js';
import { buildWeeklyReport } from '../report/weekly.js';
import { writeReport } from '../report/write.js';
import { parseCommand, printJson, progress, progressDone, UsageError } from './common.js';

/** One line for `scalelab --help`. */
export const summary = 'build a self-contained HTML report (and its JSON) from a config of sources, fits, comparisons, sections';

const HELP = `scalelab report <config.json|config.yaml> [--out reports/NAME.html] [--json]

Builds the report a config describes: sources (paths, globs or tables; format; variant/seed rule), the fits
and comparisons to run, and the sections to show. Writes ONE self-contained HTML file (no network, inline SVG
and CSS, light and dark) and a JSON file beside it with every number it shows. Relative paths in the config
resolve against the config file's folder. Never overwrites an input.

Options:
  --out PATH     HTML output (default reports/<config name>.html); the JSON goes beside it (.json)
  --threads T    worker threads of the fits (default: all cores; results do not depend on it)
  --json         print the output paths and the key numbers as one JSON object
  -h, --help     this help

Config (JSON or YAML):
  { "title": "...", "date": "2026-11-25", "seed": 1,
    "sources": { "ablation": { "paths": ["ablation"], "rule": "{variant}/seed{seed}.log" },
                 "sweep": { "table": "sweep/runs.csv" } },
    "fits": { "chinchilla": { "source": "sweep", "law": "chinchilla", "bootstrap": 200, "holdoutAbove": 3e19, "targetC": [1e21] } },
    "comparisons": { "ablation": { "source": "ablation", "metric": "val/loss", "baseline": "baseline" } },
    "sections": [ { "title": "Scaling", "text": "markdown", "items": [ { "kind": "scaling", "fit": "chinchilla" } ] } ] }
  Item kinds: markdown, runs, table, fit-summary, scaling, residuals, recovery, isoflop, frontier, curves,
  comparison, forest, variant-curves. See data/weekly.json for every one of them.
  Data mixtures: "mixtures": { "NAME": { "mixtures": "mix.csv", "results": "loss.csv", "target": "COLUMN", ... } } and
  the items mixture-models, mixture-predicted, mixture-proposal, mixture-landscape ({ "mixture": "NAME" }).
`;

/** Runs `scalelab report`; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const a = parseCommand(argv, { out: { type: 'string' }, threads: { type: 'string' }, json: { type: 'boolean', default: false } }, HELP);
  if (!a) return 0;
  if (a.positionals.length !== 1) throw new UsageError(`give exactly one config file\n\n${HELP}`);
  const file = a.positionals[0]!;
  let threads: number | undefined;
  if (a.values.threads !== undefined) {
    threads = Number(a.values.threads);
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--threads must be a positive integer, got '${a.values.threads}'`);
  }
  const out = a.values.out ?? `reports/${basename(file, extname(file))}.html`;
  if (!/\.html?$/i.test(out)) throw new UsageError(`--out must end in .html, got '${out}'`);
  const cfg = readWeeklyConfig(file);
  let built;
  try {
    built = await buildWeeklyReport(cfg, { onProgress: progress, configFile: resolve(file), ...(threads !== undefined ? { threads } : {}) });
  } finally {
    progressDone();
  }
  const written = writeReport(built.report, out, { inputs: built.inputs });
  if (a.values.json) {
    printJson({ html: written.html, json: written.json ?? null, bytes: written.bytes, ...built.summary });
  } else {
    process.stdout.write(`wrote ${written.html} (${(written.bytes / 1024).toFixed(0)} KiB)${written.json ? ` and ${written.json}` : ''}\n`);
  }
  return 0;
}
