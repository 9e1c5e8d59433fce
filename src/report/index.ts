/**
 * Reports: the page shell, the report builder (sections of markdown, tables, figures, fit summaries,
 * comparison tables, provenance) rendered to one self-contained HTML file and a JSON file, atomic writing.
 *
 * @example
 * import { createReport, writeReport } from './report/index.js';
 * writeReport(createReport({ title: 'Weekly', date: '2026-11-25' }).section('Notes').markdown('All good.'), 'reports/w.html');
 */
export { escapeHtml, renderPage, PAGE_CSS, CONTENT_SECURITY_POLICY, type PageOptions } from './html.js';
export { markdownToHtml } from './markdown.js';
export {
  createReport,
  Report,
  fmtNum,
  type ReportInit,
  type TableInput,
  type ColumnSpec,
  type ColumnFormat,
  type CellValue,
  type FitSummary,
  type FitParam,
  type ComparisonSummary,
  type ComparisonRow,
  type Provenance,
  type FileProvenance,
} from './builder.js';
export { fileProvenance } from './provenance.js';
export { writeReport, writeAtomic, jsonPathFor, checkReportPair, recoverWrites, type WriteOptions, type WrittenReport } from './write.js';
export { reportFromSpec, FIGURE_KINDS, type ReportSpec, type SpecItem, type FigureItem } from './spec.js';
export { buildWeeklyReport, type WeeklyOptions, type WeeklySummary, type WeeklyResult } from './weekly.js';
export {
  parseWeeklyConfig,
  readWeeklyConfig,
  validateWeeklyConfig,
  FIT_LAWS,
  ITEM_KINDS,
  type WeeklyConfig,
  type SourceConfig,
  type FitConfig,
  type ComparisonConfig,
  type ItemConfig,
  type SectionConfig,
} from './weekly-config.js';
export * as adapt from './adapt.js';
export { combineHealthReports, healthRunRows, healthEventRows, HEALTH_ITEM_KINDS, type HealthAnalysisConfig, type HealthItemConfig } from './items-health.js';
