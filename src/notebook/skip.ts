/**
 * How a notebook says that one of its sections did not run (its data is absent, a tool is missing): a line
 * `[scalelab] section skipped: <reason>` on stdout, written by {@link skipSection}. Readers see it in Jupyter, in
 * nbconvert and in exported HTML; `npm run notebooks:execute` finds it with {@link skippedSections} and refuses to
 * save such a notebook over the committed one (a clone without the data would otherwise erase its outputs).
 *
 * @example
 * import { existsSync } from 'node:fs';
 * import { skipSection } from 'scalelab';
 * if (!existsSync(EPOCH)) skipSection(`${EPOCH} is absent: the Epoch AI re-fit does not run`);
 */
import type { Notebook } from './ipynb.js';

/** The prefix of the marker line. */
export const SKIP_MARKER = '[scalelab] section skipped: ';

/**
 * Mark the current section of a notebook as skipped, saying why (one line on stdout).
 *
 * @example
 * skipSection('../test/fixtures/modded-nanogpt/ is absent');
 * // prints: [scalelab] section skipped: ../test/fixtures/modded-nanogpt/ is absent
 */
export function skipSection(reason: string): void {
  const why = reason.replace(/\s+/g, ' ').trim() || 'no reason given';
  process.stdout.write(`${SKIP_MARKER}${why}\n`);
}

/** A skipped section found by {@link skippedSections}. */
export interface SkippedSection {
  /** 0-based index in `notebook.cells`. */
  cellIndex: number;
  reason: string;
}

/**
 * The sections of an executed notebook that were skipped (marker lines in its code cells' outputs).
 *
 * @example
 * for (const s of skippedSections(nb)) console.error(`cell ${s.cellIndex + 1}: ${s.reason}`);
 */
export function skippedSections(nb: Notebook): SkippedSection[] {
  const found: SkippedSection[] = [];
  nb.cells.forEach((cell, cellIndex) => {
    if (cell.cell_type !== 'code') return;
    for (const o of cell.outputs) {
      const text = o.output_type === 'stream' ? o.text
        : (o.output_type === 'display_data' || o.output_type === 'execute_result') && typeof o.data['text/plain'] === 'string' ? o.data['text/plain']
        : '';
      for (const line of text.split('\n')) {
        const at = line.indexOf(SKIP_MARKER);
        if (at >= 0) found.push({ cellIndex, reason: line.slice(at + SKIP_MARKER.length).trim() });
      }
    }
  });
  return found;
}
