#!/usr/bin/env node
// The tslab kernel, with two fixes scalelab can make from outside tslab 1.0.22 (see README, "tslab quirks"):
//  1. A failing cell is reported the way Jupyter expects: an `error` message on iopub and ename/evalue/traceback in
//     the execute_reply (tslab prints the error on stderr and replies with a bare status "error", so
//     `jupyter nbconvert --execute` shows "<Error>:" with no message).
//  2. A cell sent with stop_on_error=false (nbconvert --allow-errors) right after a failing one runs instead of
//     being aborted (tslab cancels every request that arrives within 200 ms of a failure).
// Everything else is tslab's own `main()`: `scalelab-kernel kernel --config-path F` is what Jupyter runs;
// `scalelab-kernel install [--python=...] [--prefix=...]` registers this launcher as the "tslab" kernel.
'use strict';
const path = require('node:path');

function tslabDir() {
  for (const from of [process.cwd(), __dirname]) {
    try {
      return path.dirname(require.resolve('tslab/package.json', { paths: [from] }));
    } catch {
      // try the next place
    }
  }
  process.stderr.write('scalelab-kernel: tslab is not installed here: run `npm install tslab` in your project\n');
  process.exit(1);
}

const dir = tslabDir();
// Where display() and progress find tslab's public module (cells run in this realm).
globalThis[Symbol.for('scalelab.tslabDir')] = dir;
const jupyter = require(path.join(dir, 'dist', 'jupyter.js'));

/** ename, evalue and traceback of the failure recorded while a cell ran. */
function errorContent(pending, stderrText) {
  const e = pending.errors[pending.errors.length - 1];
  if (pending.diagnostics.length > 0) {
    return { ename: 'TypeScriptError', evalue: pending.diagnostics[0], traceback: pending.diagnostics };
  }
  if (e instanceof Error) {
    const frames = String(e.stack || '').split('\n').slice(1)
      .filter((l) => !/[/\\]tslab[/\\]dist[/\\]|\(node:|sigintHandlersWrap|node:vm|scalelab-kernel\.cjs/.test(l));
    // Node's internal errors carry a code, shown as "RangeError [ERR_OUT_OF_RANGE]".
    const ename = `${e.name || 'Error'}${typeof e.code === 'string' && /^ERR_/.test(e.code) ? ` [${e.code}]` : ''}`;
    return { ename, evalue: e.message, traceback: [`${ename}: ${e.message}`, ...frames] };
  }
  if (e !== undefined) return { ename: 'Error', evalue: String(e), traceback: [String(e)] };
  const last = stderrText.trim().split('\n').filter(Boolean).pop() || 'the cell failed (the kernel gave no message)';
  return { ename: 'Error', evalue: last, traceback: stderrText.trim() ? stderrText.trim().split('\n') : [last] };
}

// tslab reports a failure with console.error(error) or console.error("%s%d:%d - %s", ...) for type errors.
// While a cell runs, those are held back; a failure turns them into the error output, a success prints them.
let pending = null;
const consoleError = console.error.bind(console);
console.error = (...args) => {
  if (pending && args.length === 1 && (args[0] instanceof Error || (args[0] && typeof args[0] === 'object' && 'stack' in args[0]))) {
    pending.errors.push(args[0]);
    pending.held.push(args);
    return;
  }
  if (pending && args[0] === '%s%d:%d - %s' && args.length === 5) {
    pending.diagnostics.push(`${args[1]}${args[2]}:${args[3]} - ${typeof args[4] === 'string' ? args[4] : JSON.stringify(args[4])}`);
    pending.held.push(args);
    return;
  }
  consoleError(...args);
};

jupyter.ZmqServer.prototype.handleExecute = async function handleExecute(sock, msg) {
  const key = this.connInfo.key;
  const send = (type, content) => {
    const m = msg.createReply();
    m.header.msg_type = type;
    m.content = content;
    m.signAndSend(key, this.iopub);
  };
  let stderrText = '';
  const writeStream = (name, text) => {
    if (name === 'stderr') stderrText = (stderrText + text).slice(-8000);
    send('stream', { name, text });
  };
  const writeDisplayData = (data, update) => send(update ? 'update_display_data' : 'display_data', data);
  const mine = { errors: [], diagnostics: [], held: [] };
  pending = mine;
  let content;
  try {
    content = await this.handler.handleExecute(msg.content, writeStream, writeDisplayData);
  } finally {
    pending = null;
  }
  if (content.status === 'error') {
    const err = errorContent(mine, stderrText);
    send('error', err);
    content = { ...content, ...err };
  } else {
    for (const args of mine.held) consoleError(...args);
  }
  const reply = msg.createReply();
  reply.header.msg_type = 'execute_reply';
  reply.content = content;
  reply.signAndSend(key, sock);
};

const handleExecuteImpl = jupyter.JupyterHandlerImpl.prototype.handleExecute;
jupyter.JupyterHandlerImpl.prototype.handleExecute = async function (req, writeStream, writeDisplayData) {
  if (!req || req.stop_on_error !== false) return handleExecuteImpl.call(this, req, writeStream, writeDisplayData);
  // tslab's queue rejects every task added after a failure until reset(200) fires; reset it at once instead.
  const queue = this.execQueue;
  const reset = queue.reset;
  queue.reset = () => reset.call(queue);
  try {
    return await handleExecuteImpl.call(this, req, writeStream, writeDisplayData);
  } finally {
    queue.reset = reset;
  }
};

// `install` registers this launcher (not plain tslab) unless --binary is given.
if (process.argv[2] === 'install' && !process.argv.some((a) => a.startsWith('--binary'))) {
  process.argv.push(`--binary=${__filename}`);
}
require(path.join(dir, 'dist', 'main.js')).main();
