/**
 * Crash safety of report and RunSet writes, by killing real writers: a child node process writes a large
 * report (HTML + JSON, ~10 MB) or CSV and is SIGKILLed at points spread over its write. Whatever the kill left,
 * the next write into the folder (or recoverWrites) leaves no temporary file of a dead process, and the HTML
 * and JSON are a pair that agrees (checkReportPair), entirely the old report or entirely the new one. Each
 * state a kill can leave is also built exactly (same names, a dead pid) and recovered deterministically.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createReport } from '../../src/report/builder.js';
import { checkReportPair, jsonPathFor, writeReport } from '../../src/report/write.js';
import { processAlive, recoverWrites } from '../../src/runs/atomic.js';
import { writeCsv } from '../../src/runs/io.js';
import { fromTable } from '../../src/runs/interop.js';
import * as aq from 'arquero';

const ROOT = process.cwd();
// The writer runs in node itself with tsx's loader (not the tsx wrapper, whose SIGKILL would not reach it).
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const base = mkdtempSync(join(tmpdir(), 'scalelab-write-kill-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ours = (dir: string) => readdirSync(dir).filter((f) => /\.scalelab-(tmp|commit)-/.test(f)).sort();

function bigReport(tag: string, rows: number) {
  return createReport({ title: tag, date: '2026-11-25' }).section('Runs').table({ rows: Array.from({ length: rows }, (_, i) => ({ run: `${tag}-${i}`, loss: 3 - i / 1e6, step: i })) });
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

const CHILD = join(base, 'child.mts');
writeFileSync(CHILD, `
import { createReport } from ${JSON.stringify(join(ROOT, 'src/report/builder.ts'))};
import { writeReport } from ${JSON.stringify(join(ROOT, 'src/report/write.ts'))};
import { writeCsv } from ${JSON.stringify(join(ROOT, 'src/runs/io.ts'))};
import { fromTable } from ${JSON.stringify(join(ROOT, 'src/runs/interop.ts'))};
import * as aq from ${JSON.stringify(join(ROOT, 'node_modules/arquero/src/index.js'))};
const [what, out, tag] = process.argv.slice(2);
if (what === 'report') {
  const r = createReport({ title: tag, date: '2026-11-25' }).section('Runs').table({ rows: Array.from({ length: 150000 }, (_, i) => ({ run: tag + '-' + i, loss: 3 - i / 1e6, step: i })) });
  process.stdout.write('ready\\n');
  for (;;) writeReport(r, out);
} else {
  const n = 400000;
  const rs = fromTable(aq.table({ run: Array.from({ length: n }, (_, i) => 'r' + (i % 50)), metric: Array(n).fill('loss'), step: Array.from({ length: n }, (_, i) => Math.floor(i / 50)), value: Array.from({ length: n }, (_, i) => i / 7) }));
  process.stdout.write('ready\\n');
  for (;;) await writeCsv(rs, out);
}
`);

/**
 * Start the child, wait for "ready", then SIGKILL it after `when` ms, or (`'temp'`) as soon as one of our
 * temporary files appears in the folder (mid-write for sure); wait until it is gone.
 */
async function killAt(what: 'report' | 'csv', out: string, tag: string, when: number | 'temp'): Promise<void> {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CHILD, what, out, tag], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', r));
  await new Promise<void>((res, rej) => {
    child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) res(); });
    child.on('exit', (code) => rej(new Error(`child exited early (${code})`)));
  });
  const dir = join(out, '..');
  if (when === 'temp') {
    const t0 = Date.now();
    while (!readdirSync(dir).some((f) => f.includes('.scalelab-tmp-')) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 1));
  } else {
    await new Promise((r) => setTimeout(r, when));
  }
  child.kill('SIGKILL');
  await exited;
}

describe('report pair: killed writers', () => {
  it('after a SIGKILL at any point, the next write leaves no temp file and a pair that agrees', async () => {
    const dir = join(base, 'report');
    mkdirSync(dir);
    const out = join(dir, 'weekly.html');
    writeReport(bigReport('old', 10), out);
    let leftBehind = 0;
    const delays = ['temp', 0, 200, 'temp', 600] as const;
    for (const [k, ms] of delays.entries()) {
      await killAt('report', out, `new${k}`, ms);
      const left = ours(dir);
      leftBehind += left.length;
      // A reader can always tell whether what is there belongs together; recovery then makes it so.
      const before = checkReportPair(out);
      const rec = recoverWrites(dir);
      expect(ours(dir), `killed after ${ms} ms, left ${left.join(', ')}`).toEqual([]);
      expect(rec.removed.length + rec.completed.length).toBe(left.filter((f) => f.includes('-tmp-')).length);
      const after = checkReportPair(out);
      expect(after, `killed after ${ms} ms (before recovery: ${JSON.stringify(before)})`).toEqual({ ok: true });
      const title = /<title>(.*)<\/title>/.exec(readFileSync(out, 'utf8'))![1];
      expect(['old', ...delays.map((_, j) => `new${j}`)]).toContain(title);
      expect((JSON.parse(readFileSync(jsonPathFor(out), 'utf8')) as { title: string }).title).toBe(title);
    }
    // The sweep did hit mid-write states (temporary files were there to clean up).
    expect(leftBehind).toBeGreaterThan(0);
  }, 300_000);

  it('recovers each state a kill can leave, built exactly with a dead pid', () => {
    const pid = deadPid();
    const states = ['partial-json', 'both-temps', 'journal-both-temps', 'journal-html-temp', 'journal-only'] as const;
    for (const state of states) {
      const dir = join(base, `state-${state}`);
      mkdirSync(dir);
      const out = join(dir, 'r.html');
      const json = jsonPathFor(out);
      writeReport(bigReport('old', 3), out);
      const fresh = bigReport('new', 3);
      const newJson = fresh.toJsonString();
      const newHtml = fresh.toHtml({ jsonSha256: createHash('sha256').update(newJson).digest('hex') });
      const tJson = `${json}.scalelab-tmp-${pid}-0`, tHtml = `${out}.scalelab-tmp-${pid}-1`, journal = `${json}.scalelab-commit-${pid}-3`;
      const put = (p: string, s: string) => writeFileSync(p, s);
      if (state === 'partial-json') put(tJson, newJson.slice(0, 100));
      if (state === 'both-temps') (put(tJson, newJson), put(tHtml, newHtml));
      if (state.startsWith('journal')) put(journal, JSON.stringify({ files: [[tJson, json], [tHtml, out]] }));
      if (state === 'journal-both-temps') (put(tJson, newJson), put(tHtml, newHtml));
      if (state === 'journal-html-temp') (put(json, newJson), put(tHtml, newHtml)); // JSON renamed, then killed
      if (state === 'journal-only') (put(json, newJson), put(out, newHtml)); // both renamed, journal not yet removed
      if (state === 'journal-html-temp') expect(checkReportPair(out).ok).toBe(false); // the window a reader can detect
      // A live writer's temporary file (ours) is never touched.
      const live = `${out}.scalelab-tmp-${process.pid}-zz`;
      put(live, 'in progress');
      recoverWrites(dir);
      expect(ours(dir), state).toEqual([live.slice(dir.length + 1)]);
      expect(checkReportPair(out), state).toEqual({ ok: true });
      const title = /<title>(.*)<\/title>/.exec(readFileSync(out, 'utf8'))![1];
      expect(title, state).toBe(state === 'partial-json' || state === 'both-temps' ? 'old' : 'new');
      rmSync(live);
    }
  });

  it('a file that only looks like ours, or a pid that is alive, is left alone', () => {
    const dir = join(base, 'lookalike');
    mkdirSync(dir);
    const keep = ['notes.tmp-123-abc', 'weekly.html.scalelab-tmp-x-1', `weekly.html.scalelab-tmp-${process.pid}-1`, 'weekly.html.scalelab-tmp-1-0'];
    for (const k of keep) writeFileSync(join(dir, k), 'x');
    // pid 1 (init) is alive: its name matches, but it is not a dead process's file.
    const rec = recoverWrites(dir);
    expect(rec).toEqual({ removed: [], completed: [] });
    expect(readdirSync(dir).sort()).toEqual([...keep].sort());
  });
});

describe('RunSet writers: killed mid-write', () => {
  it('a CSV writer killed mid-write leaves a partial temp (up to 14 MB here); the next write removes it and writes the file', async () => {
    const dir = join(base, 'csv');
    mkdirSync(dir);
    const out = join(dir, 'm.csv');
    let sawPartial = false;
    for (const when of ['temp', 'temp'] as const) {
      await killAt('csv', out, 'x', when);
      if (ours(dir).length > 0) sawPartial = true;
      const rs = fromTable(aq.table({ run: ['a'], metric: ['loss'], step: [1], value: [2.5] }));
      await writeCsv(rs, out);
      expect(ours(dir)).toEqual([]);
      expect(readFileSync(out, 'utf8')).toBe('run,metric,step,value,tokens,flops,time,flag\na,loss,1,2.5,,,,0\n');
    }
    expect(sawPartial).toBe(true);
    expect(existsSync(out)).toBe(true);
  }, 300_000);
});
