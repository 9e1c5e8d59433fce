/**
 * Debian's chromium for the browser tests, driven by playwright-core (never a downloaded browser), launched
 * with the flags DEVELOPERS.md gives, and a page opener that keeps the page offline and records what went wrong.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A headless chromium with a fresh profile inside `dir`. */
export function launchChromium(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Open a local HTML file in the given colour scheme, 1100 px wide. Every request other than the file itself,
 * data: and about: is aborted and listed in `external`; console errors and warnings and page errors go to `errors`.
 */
export async function openOffline(ctx: BrowserContext, file: string, scheme: 'light' | 'dark'): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const url = pathToFileURL(file).href;
  const page = await ctx.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  const external: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith('data:') || u.startsWith('about:')) return route.continue();
    external.push(u);
    return route.abort();
  });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, external, errors };
}
