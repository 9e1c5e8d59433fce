/**
 * The building blocks every `display()` summary is made of (fits, comparisons, ladders, mixtures, run health): a
 * heading, a line of facts, a note, a warning or a table, rendered once as aligned plain text and once as an HTML
 * fragment by the report builder, so the two never disagree.
 *
 * @example
 * fromBlocks('Ladder', [{ kind: 'heading', text: 'Ladder' }, { kind: 'table', columns: [{ key: 'task', format: 'text' }], rows: [{ task: 'MMLU' }] }]).summary();
 */
import { createReport, formatColumnCell, type CellValue, type ColumnSpec, type Report } from '../report/builder.js';
import type { Summary } from './summaries.js';

/** A table of a summary. */
export type TableBlock = { kind: 'table'; caption?: string; columns: ColumnSpec[]; rows: Record<string, CellValue>[] };
/** A block of a summary. */
export type Block = { kind: 'heading' | 'facts' | 'note' | 'warn'; text: string } | TableBlock;

/** A {@link Summary} from blocks (the text) and a function that renders its HTML. */
export class BlockSummary implements Summary {
  constructor(readonly title: string, private readonly blocks: readonly Block[], private readonly html: () => string) {}
  summary(): string {
    return this.blocks.map(blockText).join('\n') + '\n';
  }
  toHTML(): string {
    return this.html();
  }
}

/**
 * A summary whose text and HTML both come from `blocks`.
 *
 * @example
 * fromBlocks('Run health', [{ kind: 'facts', text: '2 runs' }]).toHTML();
 */
export function fromBlocks(title: string, blocks: readonly Block[]): Summary {
  return new BlockSummary(title, blocks, () => {
    const r = createReport({ title: 'summary', date: '-' });
    for (const b of blocks) {
      if (b.kind === 'heading') r.markdown(`### ${escapeMd(b.text)}`);
      else if (b.kind === 'facts') r.markdown(escapeMd(b.text));
      else if (b.kind === 'note') r.markdown(`**Note:** ${escapeMd(b.text)}`);
      else if (b.kind === 'warn') r.markdown(`**Warning:** ${escapeMd(b.text)}`);
      else if (b.kind === 'table') addTable(r, b);
    }
    return r.fragmentHtml();
  });
}

/**
 * Add a table block to a report.
 *
 * @example
 * addTable(createReport({ title: 't', date: '-' }), { kind: 'table', columns, rows });
 */
export function addTable(r: Report, b: TableBlock): void {
  r.table({ rows: b.rows, columns: b.columns, ...(b.caption ? { caption: b.caption } : {}) });
}

/**
 * Markdown-escape text that may hold `*`, `_`, `<` (metric, variant, run and domain names; log messages).
 *
 * @example
 * escapeMd('val_loss*'); // 'val\\_loss\\*'
 */
export function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);
}

/**
 * One block as plain text.
 *
 * @example
 * blockText({ kind: 'warn', text: 'no wall clock' }); // 'warning: no wall clock'
 */
export function blockText(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${b.text}\n${'='.repeat(Math.min(b.text.length, 80))}`;
    case 'facts':
      return b.text;
    case 'note':
      return `note: ${b.text}`;
    case 'warn':
      return `warning: ${b.text}`;
    case 'table':
      return textTable(b.columns, b.rows, b.caption);
  }
}

/**
 * Aligned columns; numbers right-aligned and formatted as the HTML tables format them.
 *
 * @example
 * textTable([{ key: 'n' }], [{ n: 3 }]); // 'n\n3'
 */
export function textTable(columns: readonly ColumnSpec[], rows: readonly Record<string, CellValue>[], caption?: string): string {
  const cells = rows.map((r) => columns.map((c) => formatColumnCell(r[c.key], c)));
  const numeric = columns.map((c) => c.format !== 'text' && rows.some((r) => typeof r[c.key] === 'number'));
  const head = columns.map((c) => c.label ?? c.key);
  const width = head.map((h, j) => Math.max(h.length, ...cells.map((row) => row[j]!.length)));
  const line = (row: readonly string[]) => row.map((s, j) => (numeric[j] ? s.padStart(width[j]!) : s.padEnd(width[j]!))).join('  ').trimEnd();
  return [...(caption ? [caption] : []), line(head), ...cells.map(line)].join('\n');
}
