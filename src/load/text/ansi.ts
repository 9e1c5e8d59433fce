/**
 * ANSI escape sequences (terminal colours) in log lines.
 *
 * @example
 * stripAnsi('\x1b[31mstep:  1\x1b[39m'); // 'step:  1'
 */

// CSI sequences (colours, cursor moves) and the two-byte ESC forms; linear, no nested quantifiers.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/**
 * Remove ANSI escape sequences (terminal colours) from a line.
 *
 * @example
 * stripAnsi('\x1b[31mstep:  1\x1b[39m'); // 'step:  1'
 */
export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') < 0 ? s : s.replace(ANSI, '');
}
