/**
 * Short names for mixture domains and targets in figures and tables: RegMix's columns are
 * `train_the_pile_pile_cc` and `metric/the_pile_pile_cc_val_loss`; a reader wants `pile_cc`.
 *
 * @example
 * import { shortMixtureNames } from './mixture-names.js';
 * shortMixtureNames(['train_the_pile_arxiv', 'train_the_pile_pile_cc']); // ['arxiv', 'pile_cc']
 */

/**
 * Drop the longest prefix and suffix all names share, cut at a `_`, `/`, `.` or `-` so no word is split; names
 * stay distinct and non-empty (a single name is returned as is).
 *
 * @example
 * shortMixtureNames(['metric/the_pile_arxiv_val_loss', 'metric/the_pile_github_val_loss']); // ['arxiv', 'github']
 */
export function shortMixtureNames(names: readonly string[]): string[] {
  if (names.length < 2) return names.slice();
  const sep = /[_/.-]/;
  let pre = names[0]!;
  for (const n of names) while (!n.startsWith(pre)) pre = pre.slice(0, -1);
  // Cut back to just after a separator, so 'the_pile_p' of 'pile_cc' and 'philpapers' is not taken.
  while (pre.length > 0 && !sep.test(pre[pre.length - 1]!)) pre = pre.slice(0, -1);
  let suf = names[0]!.slice(pre.length);
  for (const n of names) while (!n.endsWith(suf)) suf = suf.slice(1);
  while (suf.length > 0 && !sep.test(suf[0]!)) suf = suf.slice(1);
  const out = names.map((n) => n.slice(pre.length, n.length - suf.length));
  return out.some((s) => s === '') || new Set(out).size !== out.length ? names.slice() : out;
}
