/**
 * Debian's chromium for the browser tests, driven by playwright-core (never a downloaded browser), launched
 * with the flags DEVELOPERS.md gives, and a page opener that keeps the page offline and records what went wrong.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A headless chromium with a fresh profile inside `dir`. */
export function launchChromium(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** What {@link useChromium} hands a describe block: its temp folder and browser, valid inside tests. */
export interface ChromiumSession {
  readonly dir: string;
  readonly ctx: BrowserContext;
}

/**
 * Inside a `describe`: a fresh temp folder (`prefix` + random) and a chromium profiled in it, created before the
 * block's tests (after `setup(dir)`, which may write the files the tests open) and removed after them.
 *
 * @example
 * const s = useChromium('scalelab-weekly-browser-', async (dir) => { writeFileSync(join(dir, 'a.html'), html); });
 * it('opens', async () => { const { page } = await openOffline(s.ctx, join(s.dir, 'a.html'), 'light'); });
 */
export function useChromium(prefix: string, setup?: (dir: string) => Promise<void> | void): ChromiumSession {
  let dir: string | undefined;
  let ctx: BrowserContext | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    await setup?.(dir);
    ctx = await launchChromium(dir);
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir(): string { if (dir === undefined) throw new Error('useChromium: dir is set in beforeAll'); return dir; },
    get ctx(): BrowserContext { if (ctx === undefined) throw new Error('useChromium: chromium is launched in beforeAll'); return ctx; },
  };
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
