/**
 * Run a notebook headless with the real tslab kernel, from TypeScript: start the kernel process, talk the
 * Jupyter messaging protocol (v5.3) to it over ZeroMQ, and collect each cell's outputs. No Python and no
 * Jupyter server are involved; the kernel is the one `npm run notebook:setup` registers (its kernel.json),
 * or tslab from node_modules when none is registered.
 *
 * Execution stops at the first failing cell (as Jupyter's "Run All" does; `allowErrors` runs on): the kernel is
 * scalelab's launcher (bin/scalelab-kernel.cjs), which sends a failure as an nbformat `error` output; with plain
 * tslab (text on stderr plus a bare status "error") the text is parsed into one. The cells after it are left
 * unexecuted (no outputs, no execution count). The result holds no timestamps,
 * so executing the same notebook twice gives the same bytes when the code is deterministic.
 *
 * @example
 * const { notebook, failure } = await executeNotebook(nb, { cwd: 'notebooks' });
 * if (failure) console.error(`cell ${failure.cellIndex + 1}: ${failure.ename}: ${failure.evalue}`);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Zmq from 'zeromq';
import { ReportError } from '../errors.js';
import type { Cell, CodeCell, ErrorOutput, JsonObject, JsonValue, MimeBundle, Notebook, Output } from './ipynb.js';

/** The project root (this file is src/notebook/ or dist/notebook/). */
export const PROJECT_ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Where `npm run notebook:setup` registers kernels (a git-ignored prefix inside the project). */
export const JUPYTER_PREFIX = join(PROJECT_ROOT, '.jupyter');

/** Options of {@link executeNotebook}. */
export interface ExecuteOptions {
  /** Working directory of the kernel (Jupyter uses the notebook's folder). */
  cwd: string;
  /** Time limit per cell in milliseconds; default 300 000. */
  cellTimeoutMs?: number;
  /** Time limit for the kernel to start and answer; default 60 000. */
  startTimeoutMs?: number;
  /** Kernel command line with a `{connection_file}` placeholder; default from {@link tslabKernelArgv}. */
  kernelArgv?: readonly string[];
  /**
   * Run every cell even after a failing one (as `nbconvert --execute --allow-errors`: requests carry
   * stop_on_error=false); `failure` is still the first failing cell. Default false: stop at the first failure.
   */
  allowErrors?: boolean;
  /** Called before each code cell runs (1-based index among all cells, and their count). */
  onCell?: (cellNumber: number, cellCount: number) => void;
}

/** The first failing cell of an execution. */
export interface ExecutionFailure {
  /** 0-based index in `notebook.cells`. */
  cellIndex: number;
  ename: string;
  evalue: string;
}

/** Result of {@link executeNotebook}. */
export interface ExecutionResult {
  /** The notebook with fresh outputs (the input is not modified). */
  notebook: Notebook;
  /** The first failing cell, or undefined when every cell ran. */
  failure?: ExecutionFailure;
}

/**
 * The tslab kernel's command line: the kernelspec `npm run notebook:setup` wrote into `.jupyter/`, or else
 * tslab from node_modules run with this Node.
 *
 * @example
 * tslabKernelArgv(); // ['/…/node_modules/.bin/tslab', 'kernel', '--config-path', '{connection_file}']
 */
export function tslabKernelArgv(prefix: string = JUPYTER_PREFIX): string[] {
  const spec = join(prefix, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
  if (existsSync(spec)) {
    const argv = (JSON.parse(readFileSync(spec, 'utf8')) as { argv?: unknown }).argv;
    if (Array.isArray(argv) && argv.every((a) => typeof a === 'string') && argv.length > 0 && existsSync(argv[0] as string)) {
      return argv as string[];
    }
  }
  const req = createRequire(import.meta.url);
  try {
    req.resolve('tslab/package.json');
  } catch {
    throw new ReportError('the tslab kernel is not installed: run `npm install tslab` (a devDependency here), then `npm run notebook:setup`');
  }
  // tslab through scalelab's launcher, which reports failing cells as Jupyter error outputs.
  return [process.execPath, join(PROJECT_ROOT, 'bin', 'scalelab-kernel.cjs'), 'kernel', '--config-path', '{connection_file}'];
}

/**
 * Execute every code cell of a notebook in a fresh tslab kernel, in order, stopping at the first error.
 *
 * @example
 * const { notebook } = await executeNotebook(parseNotebook(text, file), { cwd: dirname(file) });
 */
export async function executeNotebook(nb: Notebook, options: ExecuteOptions): Promise<ExecutionResult> {
  const cells: Cell[] = nb.cells.map((c) => (c.cell_type === 'code' ? { ...c, outputs: [], execution_count: null } : { ...c }));
  const out: Notebook = { ...nb, cells };
  // spawn() reports a missing working directory as ENOENT of the program itself: say what is really missing.
  if (!existsSync(options.cwd)) throw new ReportError(`cannot run the notebook: its working directory ${options.cwd} does not exist`);
  const kernel = await Kernel.start(options.kernelArgv ?? tslabKernelArgv(), options.cwd, options.startTimeoutMs ?? 60_000);
  try {
    out.metadata = {
      ...nb.metadata,
      kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
      language_info: kernel.languageInfo,
    };
    let failure: ExecutionFailure | undefined;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell.cell_type !== 'code' || cell.source.trim() === '') continue;
      options.onCell?.(i + 1, cells.length);
      const r = await kernel.execute(cell.source, options.cellTimeoutMs ?? 300_000, !options.allowErrors);
      cell.execution_count = r.executionCount;
      cell.outputs = r.outputs;
      if (r.status !== 'ok') {
        // The scalelab-kernel launcher sends a proper `error` output; plain tslab only prints on stderr.
        const sent = r.outputs.find((o): o is ErrorOutput => o.output_type === 'error');
        const err = sent ?? toErrorOutput(r);
        if (!sent) cell.outputs = [...r.outputs.filter((o) => !(o.output_type === 'stream' && o.name === 'stderr')), err];
        failure ??= { cellIndex: i, ename: err.ename, evalue: err.evalue };
        if (!options.allowErrors || r.status === 'died' || r.status === 'timeout') return { notebook: out, failure };
      }
    }
    return failure ? { notebook: out, failure } : { notebook: out };
  } finally {
    await kernel.shutdown();
  }
}

/** tslab prints a failure on stderr; turn that text into an nbformat error output. */
function toErrorOutput(r: CellRun): ErrorOutput {
  const stderr = r.outputs.filter((o): o is Extract<Output, { output_type: 'stream' }> => o.output_type === 'stream' && o.name === 'stderr').map((o) => o.text).join('');
  // Frames inside tslab and node:vm say nothing about the user's code and carry machine-specific paths.
  const traceback = stderr.replace(/\n+$/, '').split('\n').filter((l) => !/^\s+at .*(?:[/\\]tslab[/\\]dist[/\\]|\(node:|sigintHandlersWrap)/.test(l));
  if (r.status === 'timeout') return { output_type: 'error', ename: 'Timeout', evalue: r.message ?? 'the cell did not finish in time', traceback };
  if (r.status === 'died') return { output_type: 'error', ename: 'KernelDied', evalue: r.message ?? 'the kernel exited', traceback };
  // Compile diagnostics look like "3:7 - Type 'number' is not assignable to type 'string'."
  const diag = traceback.find((l) => /^(?:\S+ )?\d+:\d+ - /.test(l));
  if (diag) return { output_type: 'error', ename: 'TypeScriptError', evalue: diag, traceback };
  // "RangeError: msg", or Node's internal form "RangeError [ERR_OUT_OF_RANGE]: msg".
  const thrown = traceback.map((l) => /^(?:Uncaught )?([A-Za-z_$][\w$]*(?: \[[A-Z0-9_]+\])?): (.*)$/.exec(l)).find((m) => m !== null);
  if (thrown) return { output_type: 'error', ename: thrown[1]!, evalue: thrown[2]!, traceback };
  const first = traceback.find((l) => l.trim() !== '');
  return { output_type: 'error', ename: 'Error', evalue: first ?? 'the cell failed (the kernel gave no message)', traceback };
}

interface CellRun {
  status: 'ok' | 'error' | 'abort' | 'timeout' | 'died';
  executionCount: number | null;
  outputs: Output[];
  message?: string;
}

interface Message {
  header: JsonObject;
  parent_header: JsonObject;
  metadata: JsonObject;
  content: JsonObject;
}

type Waiter = { onIopub(m: Message): void; onReply(m: Message): void };

/** A running kernel and its two channels (shell for requests, iopub for outputs). */
class Kernel {
  languageInfo: JsonObject = {};
  private readonly waiters = new Map<string, Waiter>();
  private exited: string | undefined;
  private stderr = '';
  private readonly session = randomUUID();

  private constructor(
    private readonly child: ChildProcess,
    private readonly shell: Zmq.Dealer,
    private readonly iopub: Zmq.Subscriber,
    private readonly key: string,
    private readonly dir: string,
  ) {
    child.stderr?.on('data', (b: Buffer) => { this.stderr = (this.stderr + b.toString('utf8')).slice(-4000); });
    child.on('exit', (code, signal) => {
      this.exited = `the kernel exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`;
      for (const w of this.waiters.values()) w.onReply({ header: {}, parent_header: {}, metadata: {}, content: { status: 'died' } });
    });
    void this.pump(shell, false);
    void this.pump(iopub, true);
  }

  static async start(argvTemplate: readonly string[], cwd: string, timeoutMs: number): Promise<Kernel> {
    const zmq = loadZeromq();
    const ports = await freePorts(5);
    const key = randomUUID();
    const dir = mkdtempSync(join(tmpdir(), 'scalelab-kernel-'));
    const connectionFile = join(dir, 'connection.json');
    const [shellPort, iopubPort, stdinPort, controlPort, hbPort] = ports as [number, number, number, number, number];
    writeFileSync(connectionFile, JSON.stringify({
      shell_port: shellPort, iopub_port: iopubPort, stdin_port: stdinPort, control_port: controlPort, hb_port: hbPort,
      ip: '127.0.0.1', key, transport: 'tcp', signature_scheme: 'hmac-sha256', kernel_name: 'tslab',
    }));
    const argv = argvTemplate.map((a) => a.replaceAll('{connection_file}', connectionFile));
    const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    child.stdout?.resume();
    const spawnError = new Promise<never>((_, reject) => child.on('error', (e) => reject(new ReportError(`cannot start the tslab kernel (${argv[0]}): ${e.message}`))));
    spawnError.catch(() => {});
    const shell = new zmq.Dealer({ linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(`tcp://127.0.0.1:${shellPort}`);
    iopub.connect(`tcp://127.0.0.1:${iopubPort}`);
    iopub.subscribe();
    const k = new Kernel(child, shell, iopub, key, dir);
    await Promise.race([k.waitReady(timeoutMs), spawnError]).catch(async (e: unknown) => {
      await k.shutdown();
      throw e;
    });
    return k;
  }

  /**
   * Ask kernel_info until the kernel answers on shell AND its iopub status for that request arrives, so no
   * output of the first cell is lost to the subscription not being connected yet (ZeroMQ's "slow joiner").
   */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) throw new ReportError(`the tslab kernel did not start: ${this.exited}`);
      const got = await this.request('kernel_info_request', {}, 1000);
      if (got.reply && got.sawIopub) {
        const li = got.reply.content.language_info;
        if (li && typeof li === 'object' && !Array.isArray(li)) this.languageInfo = li;
        return;
      }
    }
    throw new ReportError(`the tslab kernel did not answer within ${timeoutMs / 1000} s${this.stderr ? `: ${this.stderr.trim()}` : ''}`);
  }

  /** Send one request; resolve when its reply and its final iopub "idle" have both arrived, or on timeout. */
  private request(type: string, content: JsonObject, timeoutMs: number, onOutput?: (m: Message) => void) {
    const msgId = randomUUID();
    return new Promise<{ reply?: Message; sawIopub: boolean; timedOut: boolean }>((resolve) => {
      let reply: Message | undefined;
      let idle = false;
      let sawIopub = false;
      const finish = (timedOut: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(msgId);
        resolve({ reply, sawIopub, timedOut });
      };
      const timer = setTimeout(() => finish(true), timeoutMs);
      this.waiters.set(msgId, {
        onIopub: (m) => {
          sawIopub = true;
          if (m.header.msg_type === 'status' && m.content.execution_state === 'idle') idle = true;
          else onOutput?.(m);
          if (reply && idle) finish(false);
        },
        onReply: (m) => {
          reply = m;
          if (idle || m.content.status === 'died') finish(false);
        },
      });
      const header = { msg_id: msgId, msg_type: type, session: this.session, username: 'scalelab', date: '1970-01-01T00:00:00Z', version: '5.3' };
      const parts = [header, {}, {}, content].map((x) => JSON.stringify(x));
      const sig = createHmac('sha256', this.key).update(parts.join('')).digest('hex');
      this.shell.send(['<IDS|MSG>', sig, ...parts]).catch(() => {});
    });
  }

  async execute(code: string, timeoutMs: number, stopOnError = true): Promise<CellRun> {
    if (this.exited) return { status: 'died', executionCount: null, outputs: [], message: this.exited };
    const outputs = new OutputCollector();
    const r = await this.request(
      'execute_request',
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: stopOnError },
      timeoutMs,
      (m) => outputs.add(m),
    );
    const ec = r.reply?.content.execution_count;
    const executionCount = typeof ec === 'number' ? ec : null;
    if (r.timedOut) return { status: 'timeout', executionCount, outputs: outputs.list, message: `the cell did not finish within ${timeoutMs / 1000} s` };
    const status = r.reply?.content.status;
    if (status === 'died' || this.exited) return { status: 'died', executionCount, outputs: outputs.list, message: this.exited };
    return { status: status === 'ok' ? 'ok' : status === 'abort' ? 'abort' : 'error', executionCount, outputs: outputs.list };
  }

  private async pump(sock: Zmq.Dealer | Zmq.Subscriber, isIopub: boolean): Promise<void> {
    try {
      for await (const frames of sock) {
        const m = this.decode(frames);
        if (!m) continue;
        const parent = m.parent_header.msg_id;
        const w = typeof parent === 'string' ? this.waiters.get(parent) : undefined;
        if (!w) continue;
        if (isIopub) w.onIopub(m);
        else w.onReply(m);
      }
    } catch {
      // The socket was closed by shutdown().
    }
  }

  private decode(frames: Buffer[]): Message | undefined {
    const i = frames.findIndex((f) => f.toString('latin1') === '<IDS|MSG>');
    if (i < 0 || frames.length < i + 6) return undefined;
    const [sig, h, p, md, c] = frames.slice(i + 1, i + 6).map((f) => f.toString('utf8')) as [string, string, string, string, string];
    const expected = createHmac('sha256', this.key).update(h + p + md + c).digest('hex');
    if (sig !== expected) return undefined;
    return { header: JSON.parse(h), parent_header: JSON.parse(p), metadata: JSON.parse(md), content: JSON.parse(c) };
  }

  async shutdown(): Promise<void> {
    this.shell.close();
    this.iopub.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(t);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Turns iopub messages into nbformat outputs (consecutive stream text of one stream merged, as Jupyter does). */
class OutputCollector {
  readonly list: Output[] = [];
  private clearPending = false;

  add(m: Message): void {
    const c = m.content;
    const type = m.header.msg_type;
    if (type === 'clear_output') {
      if (c.wait === true) this.clearPending = true;
      else this.list.length = 0;
      return;
    }
    if (type === 'update_display_data') {
      const id = displayId(c);
      for (let i = 0; i < this.list.length; i++) {
        const o = this.list[i]!;
        if ((o.output_type === 'display_data' || o.output_type === 'execute_result') && o.metadata.__display_id === id) {
          this.list[i] = { ...o, data: bundle(c.data) };
        }
      }
      return;
    }
    if (!['stream', 'display_data', 'execute_result', 'error'].includes(String(type))) return;
    if (this.clearPending) {
      this.list.length = 0;
      this.clearPending = false;
    }
    if (type === 'stream') {
      const name = c.name === 'stderr' ? 'stderr' : 'stdout';
      const text = typeof c.text === 'string' ? c.text : '';
      const last = this.list[this.list.length - 1];
      if (last?.output_type === 'stream' && last.name === name) last.text += text;
      else this.list.push({ output_type: 'stream', name, text });
    } else if (type === 'display_data' || type === 'execute_result') {
      const metadata = obj(c.metadata);
      const id = displayId(c);
      const o: Output = type === 'display_data'
        ? { output_type: 'display_data', data: bundle(c.data), metadata }
        : { output_type: 'execute_result', data: bundle(c.data), metadata, execution_count: typeof c.execution_count === 'number' ? c.execution_count : null };
      // The display id lets a later update_display_data find this output; it is removed before returning.
      if (id !== undefined) Object.defineProperty(o.metadata, '__display_id', { value: id, enumerable: false });
      this.list.push(o);
    } else {
      const tb = Array.isArray(c.traceback) ? c.traceback.filter((s): s is string => typeof s === 'string') : [];
      this.list.push({ output_type: 'error', ename: String(c.ename ?? 'Error'), evalue: String(c.evalue ?? ''), traceback: tb });
    }
  }
}

function displayId(c: JsonObject): string | undefined {
  const t = c.transient;
  if (t && typeof t === 'object' && !Array.isArray(t) && typeof t.display_id === 'string') return t.display_id;
  return undefined;
}

function obj(v: JsonValue | undefined): JsonObject {
  return v && typeof v === 'object' && !Array.isArray(v) ? { ...v } : {};
}

function bundle(v: JsonValue | undefined): MimeBundle {
  return obj(v);
}

/** zeromq as tslab resolves it (a dependency of tslab, with prebuilt binaries for linux/macOS/windows). */
function loadZeromq(): typeof Zmq {
  const req = createRequire(import.meta.url);
  try {
    const tslabDir = dirname(req.resolve('tslab/package.json'));
    return createRequire(join(tslabDir, 'package.json'))('zeromq') as typeof Zmq;
  } catch (e) {
    throw new ReportError(`cannot load zeromq (installed with tslab) to talk to the kernel: ${(e as Error).message}`);
  }
}

/** Ask the OS for `n` distinct free TCP ports on 127.0.0.1. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<import('node:net').Server>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** The code cells of a notebook (convenience for callers that report per-cell). */
export function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');
}
