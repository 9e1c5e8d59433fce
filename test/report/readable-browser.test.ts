/**
 * The demo weekly report is readable in a real browser (Debian's chromium via playwright-core) at a phone width
 * (400 px) and a desktop width (1200 px), in the light and the dark colour scheme:
 * - every text's rendered size, i.e. its computed font size times the scale its SVG is drawn at (rendered width
 *   over viewBox width), is at least 11 px;
 * - every visible text (HTML and SVG) has a contrast ratio of at least 4.5 against the page background (WCAG AA),
 *   its colour composed with its own opacity.
 * Screenshots are written to SCALELAB_KEEP_SHOTS when it names a folder (a human looked at them once, 2026-12-06:
 * 400 px figures scroll sideways at 512 px rather than shrink their text). Skips only when chromium is absent.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWeeklyConfig } from '../../src/report/weekly-config.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { writeReport } from '../../src/report/write.js';
import { CHROMIUM, openOffline, useChromium } from '../helpers/browser.js';

const CONFIG = new URL('../../data/weekly.json', import.meta.url).pathname;

interface TextSample {
  text: string;
  size: number;
  color: string;
  opacity: number;
  inSvg: boolean;
}

/** Runs in the page: every visible text-bearing element with its rendered size and colour. */
const COLLECT = `(() => {
  const out = [];
  const bg = getComputedStyle(document.documentElement).backgroundColor;
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    const svg = el.closest('svg');
    let size = parseFloat(cs.fontSize);
    let color = cs.color;
    let opacity = parseFloat(cs.opacity);
    if (svg) {
      const vb = svg.viewBox.baseVal;
      size *= svg.getBoundingClientRect().width / vb.width;
      color = cs.fill;
      opacity *= parseFloat(cs.fillOpacity);
    }
    out.push({ text: el.textContent.trim().slice(0, 40), size, color, opacity, inSvg: Boolean(svg) });
  }
  return { bg, samples: out };
})()`;

function rgb(css: string): [number, number, number, number] {
  const m = /rgba?\(([^)]+)\)/.exec(css);
  if (!m) throw new Error(`not an rgb colour: ${css}`);
  const p = m[1]!.split(',').map((s) => Number(s.trim()));
  return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
}

function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** WCAG contrast ratio of `fg` (with alpha `opacity` times its own alpha) drawn over the opaque `bg`. */
export function contrastRatio(fg: string, bg: string, opacity = 1): number {
  const f = rgb(fg);
  const b = rgb(bg);
  const a = f[3] * opacity;
  const mixed = [0, 1, 2].map((i) => a * f[i]! + (1 - a) * b[i]!);
  const l1 = luminance(mixed);
  const l2 = luminance(b);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

describe.skipIf(!existsSync(CHROMIUM))(`demo weekly report is readable at 400 and 1200 px (${CHROMIUM} absent: install Debian's chromium)`, () => {
  let html: string;
  const browser = useChromium('scalelab-readable-', async (dir) => {
      const { report, inputs } = await buildWeeklyReport(readWeeklyConfig(CONFIG), { configFile: CONFIG });
    html = writeReport(report, join(dir, 'weekly.html'), { inputs }).html;
  });

  it('computes WCAG contrast like the standard (black on white 21, white on white 1)', () => {
    expect(contrastRatio('rgb(0, 0, 0)', 'rgb(255, 255, 255)')).toBeCloseTo(21, 5);
    expect(contrastRatio('rgb(255, 255, 255)', 'rgb(255, 255, 255)')).toBeCloseTo(1, 5);
    expect(contrastRatio('rgb(0, 0, 0)', 'rgb(255, 255, 255)', 0)).toBeCloseTo(1, 5);
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [400, 1200]) {
      it(`${scheme}, ${width} px: text >= 11 px as rendered, contrast >= 4.5`, async () => {
        const { page, errors } = await openOffline(browser.ctx, html, scheme);
        await page.setViewportSize({ width, height: 900 });
        const { bg, samples } = await page.evaluate<{ bg: string; samples: TextSample[] }>(COLLECT);
        const keep = process.env.SCALELAB_KEEP_SHOTS;
        if (keep) {
          mkdirSync(keep, { recursive: true });
          writeFileSync(join(keep, `readable-${scheme}-${width}.png`), await page.screenshot({ fullPage: true }));
        }
        await page.close();
        expect(errors).toEqual([]);
        const svgTexts = samples.filter((s) => s.inSvg);
        expect(svgTexts.length).toBeGreaterThan(100); // the figures' ticks, labels and legends were measured
        const small = samples.filter((s) => s.size < 11).map((s) => `${s.text} (${s.size.toFixed(1)} px)`);
        expect(small).toEqual([]);
        const faint = samples
          .filter((s) => s.opacity > 0)
          .map((s) => ({ s, ratio: contrastRatio(s.color, bg, s.opacity) }))
          .filter((x) => x.ratio < 4.5)
          .map((x) => `${x.s.text} (${x.s.color}, ${x.ratio.toFixed(2)})`);
        expect(faint).toEqual([]);
      }, 60_000);
    }
  }
});
