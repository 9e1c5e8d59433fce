/**
 * "Did you mean …?" for mistyped names (flags, commands, metrics, laws): the closest candidates by edit distance
 * (insertions, deletions, substitutions and adjacent transpositions, case-insensitive), or by prefix.
 *
 * @example
 * didYouMean('--bootstap', ['--bootstrap', '--seed']); // " Did you mean --bootstrap?"
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive.
 *
 * @example
 * editDistance('bootstap', 'bootstrap'); // 1
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase(), t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidates closest to `word`: those containing it (when it is 3+ characters; prefixes first), else those
 * within an edit distance of about a third of its length (at least 2), nearest first; at most `max`.
 *
 * @example
 * closest('val_los', ['val_loss', 'train_loss', 'lr']); // ['val_loss']
 */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const w = word.toLowerCase();
  const bare = (c: string) => c.replace(/^-+/, '').toLowerCase();
  const wb = bare(word);
  if (wb.length >= 3) {
    const containing = candidates.filter((c) => bare(c).includes(wb) && bare(c) !== wb);
    containing.sort((x, y) => Number(!bare(x).startsWith(wb)) - Number(!bare(y).startsWith(wb)));
    if (containing.length > 0) return containing.slice(0, max);
  }
  const limit = Math.max(2, Math.floor(wb.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase()) }))
    .filter((x) => x.d <= limit && x.d > 0)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))
    .slice(0, max)
    .map((x) => x.c);
}

/**
 * A sentence to append to an error message: " Did you mean X?" or " Did you mean X or Y?", or '' when nothing
 * is close.
 *
 * @example
 * `unknown law 'chinchila'.${didYouMean('chinchila', ['chinchilla', 'power'])}`; // "... Did you mean chinchilla?"
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  if (c.length === 0) return '';
  return ` Did you mean ${c.length === 1 ? c[0] : `${c.slice(0, -1).join(', ')} or ${c.at(-1)}`}?`;
}
