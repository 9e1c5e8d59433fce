/**
 * A report as plain data: a spec of sections whose items are markdown, tables, figures (by kind, with their
 * input), fit summaries and comparisons. `scalelab report` turns its config and results into a spec and calls
 * {@link reportFromSpec}; a notebook user can do the same. Figure data is also copied into the JSON.
 *
 * @example
 * import { reportFromSpec } from './spec.js';
 * const report = reportFromSpec({
 *   title: 'Weekly', date: '2026-11-25',
 *   sections: [{ title: 'Ablations', items: [{ figure: 'forest', id: 'forest', input: { rows: [] }, caption: 'vs baseline' }] }],
 * });
 */
import { ReportError } from '../errors.js';
import { curvesFigure, type CurvesInput, type CurvesOptions } from '../plot/curves.js';
import { forestFigure, type ForestInput, type ForestOptions } from '../plot/forest.js';
import { frontierFigure, type FrontierInput, type FrontierOptions } from '../plot/frontier.js';
import { isoflopFigure, type IsoflopInput, type IsoflopOptions } from '../plot/isoflop.js';
import { residualsFigure, type ResidualsInput, type ResidualsOptions } from '../plot/residuals.js';
import { scalingFigure, type ScalingInput, type ScalingOptions } from '../plot/scaling.js';
import { variantCurvesFigure, type VariantCurvesInput, type VariantCurvesOptions } from '../plot/variantCurves.js';
import { createReport, type ComparisonSummary, type FitSummary, type Provenance, type Report, type TableInput } from './builder.js';

/** Fields every figure item has. */
interface FigureBase {
  /** Figure id, unique in the report. */
  id: string;
  caption?: string;
  /** Copy the figure's input into the JSON (default true, except for `curves`: raw curves are large). */
  includeData?: boolean;
}

/** A figure item: its kind, input and options, as the `xxxFigure` functions take them. */
export type FigureItem =
  | (FigureBase & { figure: 'scaling'; input: ScalingInput; options?: ScalingOptions })
  | (FigureBase & { figure: 'isoflop'; input: IsoflopInput; options?: IsoflopOptions })
  | (FigureBase & { figure: 'frontier'; input: FrontierInput; options?: FrontierOptions })
  | (FigureBase & { figure: 'curves'; input: CurvesInput; options?: CurvesOptions })
  | (FigureBase & { figure: 'forest'; input: ForestInput; options?: ForestOptions })
  | (FigureBase & { figure: 'variantCurves'; input: VariantCurvesInput; options?: VariantCurvesOptions })
  | (FigureBase & { figure: 'residuals'; input: ResidualsInput; options?: ResidualsOptions });

/** One item of a section. */
export type SpecItem =
  | { markdown: string }
  | { table: TableInput }
  | FigureItem
  | { fit: FitSummary }
  | { comparison: ComparisonSummary; forest?: boolean; forestId?: string };

/** A whole report as data. */
export interface ReportSpec {
  title: string;
  date: string;
  subtitle?: string;
  sections: readonly { title: string; items: readonly SpecItem[] }[];
  provenance?: Provenance;
}

/** The figure kinds a spec can name. */
export const FIGURE_KINDS = ['scaling', 'isoflop', 'frontier', 'curves', 'forest', 'variantCurves', 'residuals'] as const;

function renderFigure(item: FigureItem): string {
  const o = { ...(item.options ?? {}), id: item.id };
  switch (item.figure) {
    case 'scaling':
      return scalingFigure(item.input, o);
    case 'isoflop':
      return isoflopFigure(item.input, o);
    case 'frontier':
      return frontierFigure(item.input, o);
    case 'curves':
      return curvesFigure(item.input, o);
    case 'forest':
      return forestFigure(item.input, o);
    case 'variantCurves':
      return variantCurvesFigure(item.input, o);
    case 'residuals':
      return residualsFigure(item.input, o);
    default:
      throw new ReportError(`report spec: unknown figure kind "${String((item as { figure: unknown }).figure)}" (known: ${FIGURE_KINDS.join(', ')})`);
  }
}

/**
 * Build a {@link Report} from a spec, in order. Items are told apart by their key
 * (`markdown`, `table`, `figure`, `fit`, `comparison`).
 *
 * @example
 * reportFromSpec({ title: 't', date: '2026-11-25', sections: [{ title: 'Notes', items: [{ markdown: 'ok' }] }] }).toHtml();
 */
export function reportFromSpec(spec: ReportSpec): Report {
  const report = createReport({ title: spec.title, date: spec.date, subtitle: spec.subtitle });
  spec.sections.forEach((section, si) => {
    report.section(section.title);
    section.items.forEach((item, ii) => {
      const where = `report spec: sections[${si}] (${section.title}) items[${ii}]`;
      if ('markdown' in item) report.markdown(item.markdown);
      else if ('table' in item) report.table(item.table);
      else if ('figure' in item) {
        const keep = item.includeData ?? item.figure !== 'curves';
        report.figure(renderFigure(item), item.caption, keep ? item.input : undefined);
      } else if ('fit' in item) report.fitSummary(item.fit);
      else if ('comparison' in item) report.comparisonTable(item.comparison, { forest: item.forest, figureId: item.forestId });
      else throw new ReportError(`${where}: expected one of markdown, table, figure, fit, comparison`);
    });
  });
  if (spec.provenance) report.provenance(spec.provenance);
  return report;
}
