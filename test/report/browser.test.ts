/**
 * A real browser opens a report: Debian's chromium (installed by .ci/run) driven by playwright-core.
 * Asserts zero network requests, zero console errors, every figure laid out, and a non-blank screenshot,
 * in the light and the dark colour scheme. Skips only when /usr/bin/chromium is absent.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';
import { sampleReport } from './sample.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The report the browser opens: every figure kind. (Point this at the demo report once `npm start` builds it.) */
function reportPath(dir: string): string {
  const path = join(dir, 'report.html');
  writeFileSync(path, sampleReport().toHtml());
  return path;
}

/** Figures the report must show (one per figure kind at least). */
const MIN_FIGURES = 7;

/** Distinct byte values in a PNG's decompressed image data: a blank page has only a handful. */
function pngDistinctBytes(png: Buffer): number {
  const parts: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    if (png.toString('latin1', o + 4, o + 8) === 'IDAT') parts.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  return new Set(inflateSync(Buffer.concat(parts))).size;
}

describe.skipIf(!existsSync(CHROMIUM))(`browser (${CHROMIUM} absent: install Debian's chromium, as .ci/run does)`, () => {
  let dir: string;
  let ctx: BrowserContext;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scalelab-browser-'));
    ctx = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`opens the report (${scheme}): no network request, no console error, figures laid out, non-blank`, async () => {
      const url = pathToFileURL(reportPath(dir)).href;
      const page = await ctx.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.goto(url, { waitUntil: 'load' });
      // Evaluated in the page (a string: this project compiles without the DOM library).
      const layout = await page.evaluate<{ figures: number; laidOut: number; title: string; bg: string; scripts: number }>(`(() => {
        const svgs = Array.from(document.querySelectorAll('figure > svg'));
        return {
          figures: svgs.length,
          laidOut: svgs.filter((s) => s.getBoundingClientRect().width > 300 && s.getBoundingClientRect().height > 100).length,
          title: document.title,
          bg: getComputedStyle(document.documentElement).backgroundColor,
          scripts: document.scripts.length,
        };
      })()`);
      const shot = await page.screenshot({ fullPage: true });
      await page.close();
      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
      expect(layout.figures).toBeGreaterThanOrEqual(MIN_FIGURES);
      expect(layout.laidOut).toBe(layout.figures);
      expect(layout.scripts).toBe(0);
      expect(layout.title.length).toBeGreaterThan(0);
      expect(layout.bg).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      expect(pngDistinctBytes(shot)).toBeGreaterThan(64);
    });
  }
});
