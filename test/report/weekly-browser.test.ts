/**
 * A real browser opens the demo weekly report, built fresh from data/weekly.json into a temporary folder:
 * Debian's chromium driven by playwright-core. Every request is routed: any URL that is not the report's own
 * file, data: or about: is counted (and aborted). Asserts zero such requests, zero console errors, every figure
 * laid out and a non-blank screenshot, in the light and the dark colour scheme. Screenshots are kept in the
 * temporary folder when SCALELAB_KEEP_SHOTS names a folder (to look at them). Skips only when chromium is absent.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readWeeklyConfig } from '../../src/report/weekly-config.js';
import { buildWeeklyReport } from '../../src/report/weekly.js';
import { writeReport } from '../../src/report/write.js';
import { CHROMIUM, openOffline, useChromium } from '../helpers/browser.js';
const CONFIG = new URL('../../data/weekly.json', import.meta.url).pathname;

/** Pixel statistics of a PNG (8-bit RGB/RGBA, any filter): variance of the bytes of the decompressed rows. */
function pngByteVariance(png: Buffer): { distinct: number; variance: number } {
  const parts: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    if (png.toString('latin1', o + 4, o + 8) === 'IDAT') parts.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(parts));
  let s = 0, ss = 0;
  for (const b of raw) { s += b; ss += b * b; }
  const m = s / raw.length;
  return { distinct: new Set(raw).size, variance: ss / raw.length - m * m };
}

describe.skipIf(!existsSync(CHROMIUM))(`demo weekly report in a browser (${CHROMIUM} absent: install Debian's chromium)`, () => {
  let html: string;
  const browser = useChromium('scalelab-weekly-browser-', async (dir) => {
      const { report, inputs } = await buildWeeklyReport(readWeeklyConfig(CONFIG), { configFile: CONFIG });
    html = writeReport(report, join(dir, 'weekly.html'), { inputs }).html;
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`opens the demo report (${scheme}): no network request, no console error, 19 figures laid out, non-blank`, async () => {
      const { page, external, errors } = await openOffline(browser.ctx, html, scheme);
      const layout = await page.evaluate<{ figures: number; laidOut: number; scripts: number; bg: string; h2: number }>(`(() => {
        const svgs = Array.from(document.querySelectorAll('figure > svg'));
        return {
          figures: svgs.length,
          laidOut: svgs.filter((s) => s.getBoundingClientRect().width > 300 && s.getBoundingClientRect().height > 100).length,
          scripts: document.scripts.length,
          bg: getComputedStyle(document.documentElement).backgroundColor,
          h2: document.querySelectorAll('h2').length,
        };
      })()`);
      const shot = await page.screenshot({ fullPage: true });
      const top = await page.screenshot({ fullPage: false });
      await page.close();
      const keep = process.env.SCALELAB_KEEP_SHOTS;
      if (keep) {
        mkdirSync(keep, { recursive: true });
        const { writeFileSync } = await import('node:fs');
        writeFileSync(join(keep, `weekly-${scheme}.png`), shot);
        writeFileSync(join(keep, `weekly-${scheme}-top.png`), top);
        copyFileSync(html, join(keep, 'weekly.html'));
      }
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      // scaling, residuals, isoflop, frontier, two curve figures, forest, variant curves; run health: goodput, timeline, MFU
      expect(layout.figures).toBe(19);
      expect(layout.laidOut).toBe(19);
      expect(layout.scripts).toBe(0);
      expect(layout.h2).toBe(10); // nine sections + provenance
      expect(layout.bg).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      const px = pngByteVariance(shot);
      expect(px.distinct).toBeGreaterThan(64);
      expect(px.variance).toBeGreaterThan(100);
    }, 60_000);
  }
});
