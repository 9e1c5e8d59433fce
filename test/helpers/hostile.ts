/**
 * Open a scalelab page in chromium WITH ITS CONTENT-SECURITY-POLICY REMOVED, so that only the sanitizer and the
 * escaping stand between hostile content and the browser, and record everything a payload could do:
 * dialogs (alert/confirm/prompt/print), a global `__pwned`, any console message, any page error, any request
 * other than the page itself (every request is routed, recorded and aborted), extra frames and popups. Every
 * link is clicked (a `javascript:` URL would run then) and SVG animations get time to run.
 * `defaced` lists page elements outside the content areas that are hidden, restyled or covered.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/report/html.js';
import { escapeHtml } from '../../src/report/html.js';

export interface HostileResult {
  dialogs: string[];
  console: string[];
  errors: string[];
  requests: string[];
  pwned: boolean;
  frames: number;
  popups: number;
  defaced: string[];
  /** http(s) links on the page (not clicked). */
  links: string[];
  /** Result of `probe`, evaluated in the page after everything ran. */
  probe: unknown;
}

/** Remove the CSP meta element from a page (and check there was one). */
export function withoutCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">\n`;
  if (!html.includes(meta)) throw new Error('page has no CSP meta element to remove');
  return html.replace(meta, '');
}

/**
 * Write `html` without its CSP to `file`, open it, interact, and report. `guarded` is a CSS selector of the page
 * elements (outside hostile content) that must stay visible, unstyled by the content and uncovered.
 */
export async function openHostile(ctx: BrowserContext, html: string, file: string, guarded: string, probe = 'null'): Promise<HostileResult> {
  writeFileSync(file, withoutCsp(html));
  if (readFileSync(file, 'utf8').includes('Content-Security-Policy')) throw new Error('CSP still present');
  const url = pathToFileURL(file).href;
  const page = await ctx.newPage();
  const r: HostileResult = { dialogs: [], console: [], errors: [], requests: [], pwned: false, frames: 0, popups: 0, defaced: [], links: [], probe: null };
  await page.addInitScript({ content: "for (const f of ['alert', 'confirm', 'prompt', 'print']) window[f] = () => { window.__pwned = true; };" });
  page.on('dialog', (d) => { r.dialogs.push(d.message()); void d.dismiss(); });
  page.on('console', (m) => r.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => r.errors.push(e.message));
  page.on('popup', () => { r.popups++; });
  page.on('request', (q) => {
    const u = q.url();
    if (u !== url && !u.startsWith(url + '#') && !/^data:image\/png;base64,/.test(u)) r.requests.push(u);
  });
  await page.route('**/*', (route) => {
    const u = route.request().url();
    return u === url || /^data:image\/png;base64,/.test(u) ? route.continue() : route.abort();
  });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300); // SVG <animate>/<set> and refreshes get their chance
  // Click every link but plain http(s) ones (listed in `links`: a report may carry links its author wrote):
  // a javascript:, data: or other href left by the sanitizer would run or navigate now.
  for (const a of await page.$$('a')) {
    const href = (await a.getAttribute('href')) ?? '';
    if (/^https?:/i.test(href.trim())) { r.links.push(href); continue; }
    await a.click({ force: true, noWaitAfter: true, timeout: 2000 }).catch(() => undefined);
  }
  await page.waitForTimeout(200);
  if (page.url() !== url && !page.url().startsWith(url + '#')) r.requests.push(`navigated to ${page.url()}`);
  try {
    r.pwned = await page.evaluate<boolean>('window.__pwned !== undefined');
  r.frames = page.frames().length;
  r.defaced = await page.evaluate<string[]>(`((sel) => {
    const bad = [];
    const els = Array.from(document.querySelectorAll(sel));
    for (const one of sel.split(',')) if (document.querySelectorAll(one).length === 0) bad.push(\`no element matches \${one.trim()}\`);
    const html = getComputedStyle(document.documentElement), body = getComputedStyle(document.body);
    if (body.display === 'none' || body.visibility !== 'visible' || body.transform !== 'none') bad.push('body restyled');
    if (html.getPropertyValue('--fg').trim() === 'red' || html.getPropertyValue('--bg').trim() === 'black') bad.push('page colours redefined');
    for (const el of els) {
      const cs = getComputedStyle(el);
      const what = \`\${el.tagName.toLowerCase()}\${el.id ? '#' + el.id : ''} "\${(el.textContent ?? '').slice(0, 30)}"\`;
      if (cs.display === 'none' || cs.visibility !== 'visible' || cs.opacity !== '1') { bad.push(\`\${what} hidden\`); continue; }
      if (/rgb\\(255, 0, 0\\)/.test(cs.color) || /rgb\\(255, 0, 0\\)/.test(cs.backgroundColor)) bad.push(\`\${what} restyled red\`);
      el.scrollIntoView({ block: 'center' });
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) { bad.push(\`\${what} has no size\`); continue; }
      const hit = document.elementFromPoint(b.left + Math.min(b.width / 2, 20), b.top + b.height / 2);
      if (!hit || !(el.contains(hit) || hit.contains(el))) bad.push(\`\${what} covered by \${hit ? hit.tagName.toLowerCase() + ' ' + (hit.textContent ?? '').slice(0, 20) : 'nothing'}\`);
    }
    return bad;
  })(${JSON.stringify(guarded)})`);
  r.probe = await page.evaluate(probe);
  } catch (e) {
    // A payload that navigated the page away (refresh, link) destroys the context: that is a finding too.
    r.requests.push(`page replaced: ${(e as Error).message.split('\n')[0]}`);
  }
  await page.close();
  return r;
}

/**
 * Assert that nothing a payload could do happened: no dialog, no `__pwned`, no console message or page error, no
 * request, no extra frame or popup, no page element defaced. (Links are checked by each test: which are allowed differs.)
 *
 * @example
 * expectNothingRan(await openHostile(ctx, html, file, 'h1', probe));
 */
export function expectNothingRan(r: HostileResult): void {
  expect(r.dialogs).toEqual([]);
  expect(r.pwned).toBe(false);
  expect(r.console).toEqual([]);
  expect(r.errors).toEqual([]);
  expect(r.requests).toEqual([]);
  expect(r.frames).toBe(1);
  expect(r.popups).toBe(0);
  expect(r.defaced).toEqual([]);
}
