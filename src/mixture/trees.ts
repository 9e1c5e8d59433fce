/**
 * Gradient-boosted regression trees, squared loss (Friedman 2001), as sklearn's GradientBoostingRegressor does it:
 * start from the mean, fit each tree to the residuals by exact greedy splits (largest reduction of the squared
 * error, threshold midway between neighbouring values), add it times the learning rate. Depth limit, minimum
 * samples per leaf, and row subsampling without replacement drawn from the seeded generator.
 *
 * Written here rather than on ml-cart: boosting needs a few thousand small trees fitted on residuals, and a
 * level-wise scan of pre-sorted columns does each level in O(rows x domains) without re-sorting or allocating.
 */
import { createRng } from '../stats/random.js';
import { InputError } from '../errors.js';

/** Options of {@link fitBoostedTrees}; defaults follow the RegMix LightGBM run's 1000 rounds at learning rate 0.01. */
export interface BoostedTreesOptions {
  /** Number of trees (default 1000). */
  trees?: number;
  /** Shrinkage (default 0.01). */
  learningRate?: number;
  /** Maximum depth (default 3). */
  maxDepth?: number;
  /** Minimum runs in a leaf (default 1). */
  minLeaf?: number;
  /** Share of runs each tree sees, drawn without replacement (default 1). */
  subsample?: number;
  /** Seed of the subsampling (default 0). */
  seed?: number;
}

/** A fitted ensemble: flat arrays of nodes per tree (feature -1 = leaf). */
export interface BoostedTrees {
  init: number;
  learningRate: number;
  trees: { feature: Int32Array; threshold: Float64Array; left: Int32Array; right: Int32Array; value: Float64Array }[];
  domains: number;
}

/**
 * Fit boosted trees to runs (rows of weights) and losses.
 *
 * @example
 * const m = fitBoostedTrees(X, y, { trees: 1000, maxDepth: 3, learningRate: 0.01 });
 * predictTrees(m, X[0]);
 */
export function fitBoostedTrees(X: readonly Float64Array[], y: Float64Array, options: BoostedTreesOptions = {}): BoostedTrees {
  const n = X.length;
  if (n !== y.length) throw new InputError(`boosted trees: ${n} rows of weights, ${y.length} losses`);
  if (n < 2) throw new InputError(`boosted trees need at least 2 runs, got ${n}`);
  const d = X[0]!.length;
  const nTrees = options.trees ?? 1000;
  const lr = options.learningRate ?? 0.01;
  const maxDepth = options.maxDepth ?? 3;
  const minLeaf = options.minLeaf ?? 1;
  const subsample = options.subsample ?? 1;
  if (!(Number.isInteger(minLeaf) && minLeaf >= 1)) throw new InputError(`minLeaf must be an integer >= 1, got ${minLeaf}`);
  if (!(subsample > 0 && subsample <= 1)) throw new InputError(`subsample must be in (0, 1], got ${subsample}`);
  const rng = createRng(options.seed ?? 0);
  // Column-major features and each column's run order.
  const cols = Array.from({ length: d }, (_, j) => Float64Array.from(X, (r) => r[j]!));
  const order = cols.map((c) => Int32Array.from([...Array(n).keys()].sort((a, b) => c[a]! - c[b]! || a - b)));
  let init = 0;
  for (let i = 0; i < n; i++) init += y[i]!;
  init /= n;
  const pred = new Float64Array(n).fill(init);
  const resid = new Float64Array(n);
  const nodeOf = new Int32Array(n);
  const maxNodes = 2 ** (maxDepth + 1);
  const trees: BoostedTrees['trees'] = [];
  const nSub = Math.max(2, Math.round(subsample * n));
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  // Per-node scratch.
  const sum = new Float64Array(maxNodes), cnt = new Int32Array(maxNodes);
  const lSum = new Float64Array(maxNodes), lCnt = new Int32Array(maxNodes), lastV = new Float64Array(maxNodes);
  const bestGain = new Float64Array(maxNodes), bestF = new Int32Array(maxNodes), bestT = new Float64Array(maxNodes);
  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) resid[i] = y[i]! - pred[i]!;
    if (nSub < n) {
      nodeOf.fill(-1);
      for (let i = 0; i < nSub; i++) { const k = i + rng.int(n - i); const tmp = perm[i]!; perm[i] = perm[k]!; perm[k] = tmp; nodeOf[perm[i]!] = 0; }
    } else nodeOf.fill(0);
    const feature = new Int32Array(maxNodes).fill(-1), left = new Int32Array(maxNodes).fill(-1), right = new Int32Array(maxNodes).fill(-1);
    const threshold = new Float64Array(maxNodes), value = new Float64Array(maxNodes);
    sum.fill(0); cnt.fill(0);
    for (let i = 0; i < n; i++) if (nodeOf[i] === 0) { sum[0]! += resid[i]!; cnt[0]!++; }
    let nNodes = 1, levelStart = 0, levelEnd = 1;
    for (let depth = 0; depth < maxDepth; depth++) {
      for (let k = levelStart; k < levelEnd; k++) { bestGain[k] = 0; bestF[k] = -1; }
      for (let j = 0; j < d; j++) scanColumn(j, cols[j]!, order[j]!, nodeOf, resid, levelStart, levelEnd, minLeaf, sum, cnt, lSum, lCnt, lastV, bestGain, bestF, bestT);
      // Split the nodes that found a split; children form the next level.
      const nextStart = nNodes;
      for (let k = levelStart; k < levelEnd; k++) {
        if (bestF[k]! < 0 || cnt[k]! < 2 * minLeaf) continue;
        feature[k] = bestF[k]!; threshold[k] = bestT[k]!;
        left[k] = nNodes++; right[k] = nNodes++;
        sum[left[k]!] = 0; cnt[left[k]!] = 0; sum[right[k]!] = 0; cnt[right[k]!] = 0;
      }
      if (nNodes === nextStart) break;
      for (let i = 0; i < n; i++) {
        const k = nodeOf[i]!;
        if (k < levelStart || feature[k]! < 0) { if (k >= levelStart) nodeOf[i] = -2 - k; continue; }
        const ch = cols[feature[k]!]![i]! <= threshold[k]! ? left[k]! : right[k]!;
        nodeOf[i] = ch; sum[ch]! += resid[i]!; cnt[ch]!++;
      }
      levelStart = nextStart; levelEnd = nNodes;
    }
    // Leaf values: mean residual of the (subsampled) runs in each leaf, times the learning rate.
    for (let k = 0; k < nNodes; k++) if (feature[k]! < 0) value[k] = cnt[k]! > 0 ? (lr * sum[k]!) / cnt[k]! : 0;
    const tree = { feature: feature.slice(0, nNodes), threshold: threshold.slice(0, nNodes), left: left.slice(0, nNodes), right: right.slice(0, nNodes), value: value.slice(0, nNodes) };
    trees.push(tree);
    for (let i = 0; i < n; i++) pred[i]! += walk(tree, X[i]!);
  }
  return { init, learningRate: lr, trees, domains: d };
}

/** One column's pass over its sorted runs: the best split of each node of the current level on that column. */
function scanColumn(
  j: number, c: Float64Array, o: Int32Array, nodeOf: Int32Array, resid: Float64Array, levelStart: number, levelEnd: number, minLeaf: number,
  sum: Float64Array, cnt: Int32Array, lSum: Float64Array, lCnt: Int32Array, lastV: Float64Array, bestGain: Float64Array, bestF: Int32Array, bestT: Float64Array,
): void {
  for (let k = levelStart; k < levelEnd; k++) { lSum[k] = 0; lCnt[k] = 0; }
  const n = o.length;
  for (let q = 0; q < n; q++) {
    const i = o[q]!, k = nodeOf[i]!;
    if (k < levelStart) continue;
    const v = c[i]!;
    const nl = lCnt[k]!;
    if (nl >= minLeaf && v !== lastV[k]! && cnt[k]! - nl >= minLeaf) {
      const sl = lSum[k]!, sk = sum[k]!, sr = sk - sl, nr = cnt[k]! - nl;
      const gain = (sl * sl) / nl + (sr * sr) / nr - (sk * sk) / cnt[k]!;
      if (gain > bestGain[k]!) { bestGain[k] = gain; bestF[k] = j; bestT[k] = (lastV[k]! + v) / 2; }
    }
    lSum[k] = lSum[k]! + resid[i]!; lCnt[k] = nl + 1; lastV[k] = v;
  }
}

function walk(tree: BoostedTrees['trees'][number], w: ArrayLike<number>): number {
  let k = 0;
  while (tree.feature[k]! >= 0) k = w[tree.feature[k]!]! <= tree.threshold[k]! ? tree.left[k]! : tree.right[k]!;
  return tree.value[k]!;
}

/**
 * Predicted loss of one mixture under {@link BoostedTrees}.
 *
 * @example
 * predictTrees(model, Float64Array.from(weights));
 */
export function predictTrees(model: BoostedTrees, w: ArrayLike<number>): number {
  let s = model.init;
  for (const t of model.trees) s += walk(t, w);
  return s;
}
