import { describe, expect, it } from 'vitest';
import { ReportError } from '../../src/errors.js';
import { forestFigure } from '../../src/plot/forest.js';
import { createReport } from '../../src/report/builder.js';
import { reportFromSpec, type ReportSpec } from '../../src/report/spec.js';
import * as F from '../plot/fixtures.js';

const spec: ReportSpec = {
  title: 'Spec',
  date: '2026-11-25',
  sections: [
    { title: 'A', items: [{ markdown: 'hello' }, { figure: 'forest', id: 'forest', input: F.forestInput, caption: 'c' }] },
    { title: 'B', items: [{ figure: 'curves', id: 'curves', input: F.curvesInput }, { table: { rows: [{ a: 1 }] } }, { comparison: { metric: 'loss', baseline: 'base', rows: F.forestInput.rows }, forest: true, forestId: 'f2' }] },
  ],
};

describe('reportFromSpec', () => {
  it('gives the same bytes as the same builder calls', () => {
    const byHand = createReport({ title: 'Spec', date: '2026-11-25' })
      .section('A')
      .markdown('hello')
      .figure(forestFigure(F.forestInput, { id: 'forest' }), 'c', F.forestInput)
      .section('B');
    const fromSpec = reportFromSpec({ ...spec, sections: [spec.sections[0]!, { title: 'B', items: [] }] });
    expect(fromSpec.toHtml()).toBe(byHand.toHtml());
    expect(fromSpec.toJsonString()).toBe(byHand.toJsonString());
  });
  it('keeps figure data in the JSON except for raw curves', () => {
    const json = reportFromSpec(spec).toJson();
    expect(json.sections[0]!.items[1]).toMatchObject({ type: 'figure', id: 'forest', data: { rows: [{ variant: 'swiglu' }, {}, {}, {}] } });
    expect(json.sections[1]!.items[0]).toEqual({ type: 'figure', id: 'curves', caption: null });
    expect(json.sections[1]!.items.map((i) => (i as { type: string }).type)).toEqual(['figure', 'table', 'comparison', 'figure']);
  });
  it('rejects unknown items and figure kinds', () => {
    expect(() => reportFromSpec({ title: 't', date: 'd', sections: [{ title: 's', items: [{ nope: 1 } as never] }] })).toThrow(/items\[0\]: expected one of/);
    expect(() => reportFromSpec({ title: 't', date: 'd', sections: [{ title: 's', items: [{ figure: 'pie', id: 'p', input: {} } as never] }] })).toThrow(ReportError);
  });
});
