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
  /**
   * Non-negative weight per run (default 1 each): a run of weight 2 counts as two copies of it (a bootstrap
   * resample is fitted on its distinct runs with their counts). `minLeaf` is then a minimum total weight.
   */
  weights?: ArrayLike<number>;
}

/**
 * A fitted ensemble, stored flat for fast prediction: every tree as a complete binary tree of `depth` levels in
 * heap order (node k has children 2k+1, 2k+2). A node that did not split sends every mixture left (threshold
 * +Infinity) and its value is copied to the leaves below it. Tree t's internal nodes are at
 * [t * (2^depth - 1), ...) of `feature`/`threshold`, its leaves at [t * 2^depth, ...) of `leaf` (learning rate
 * included).
 */
export interface BoostedTrees {
  init: number;
  learningRate: number;
  depth: number;
  count: number;
  feature: Int32Array;
  threshold: Float64Array;
  leaf: Float64Array;
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
  const sw = new Float64Array(n).fill(1);
  if (options.weights) {
    if (options.weights.length !== n) throw new InputError(`boosted trees: ${options.weights.length} weights for ${n} runs`);
    for (let i = 0; i < n; i++) { const v = options.weights[i]!; if (!(v >= 0 && Number.isFinite(v))) throw new InputError(`boosted trees: weight of run ${i} must be finite and >= 0, got ${v}`); sw[i] = v; }
  }
  // Column-major features and each column's run order.
  const cols = Array.from({ length: d }, (_, j) => Float64Array.from(X, (r) => r[j]!));
  const order = cols.map((c) => Int32Array.from([...Array(n).keys()].sort((a, b) => c[a]! - c[b]! || a - b)));
  let init = 0, wTot = 0;
  for (let i = 0; i < n; i++) { init += sw[i]! * y[i]!; wTot += sw[i]!; }
  if (!(wTot > 0)) throw new InputError('boosted trees: the weights sum to 0');
  init /= wTot;
  const pred = new Float64Array(n).fill(init);
  const resid = new Float64Array(n);
  const wResid = new Float64Array(n);
  const nodeOf = new Int32Array(n);
  const maxNodes = 2 ** (maxDepth + 1);
  const inner = 2 ** maxDepth - 1, leaves = 2 ** maxDepth;
  const flatF = new Int32Array(nTrees * inner), flatT = new Float64Array(nTrees * inner), flatL = new Float64Array(nTrees * leaves);
  const nSub = Math.max(2, Math.round(subsample * n));
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  // Per-node scratch.
  const sum = new Float64Array(maxNodes), cnt = new Float64Array(maxNodes);
  const lSum = new Float64Array(maxNodes), lCnt = new Float64Array(maxNodes), lastV = new Float64Array(maxNodes);
  const bestGain = new Float64Array(maxNodes), bestF = new Int32Array(maxNodes), bestT = new Float64Array(maxNodes);
  const parentTerm = new Float64Array(maxNodes);
  // Each column's sorted runs, grouped by node: node k's runs are ord[j * n + segS[k] .. j * n + segE[k]) in
  // column j's order (a stable partition after every level keeps each group sorted).
  const orderFlat = new Int32Array(d * n);
  order.forEach((o, j) => orderFlat.set(o, j * n));
  const ord = new Int32Array(d * n), ord2 = new Int32Array(d * n);
  const segS = new Int32Array(maxNodes), segE = new Int32Array(maxNodes), rows = new Int32Array(maxNodes);
  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) { resid[i] = y[i]! - pred[i]!; wResid[i] = sw[i]! * resid[i]!; }
    if (nSub < n) {
      nodeOf.fill(-1);
      for (let i = 0; i < nSub; i++) { const k = i + rng.int(n - i); const tmp = perm[i]!; perm[i] = perm[k]!; perm[k] = tmp; nodeOf[perm[i]!] = 0; }
    } else nodeOf.fill(0);
    const feature = new Int32Array(maxNodes).fill(-1), left = new Int32Array(maxNodes).fill(-1), right = new Int32Array(maxNodes).fill(-1);
    const threshold = new Float64Array(maxNodes), value = new Float64Array(maxNodes);
    sum.fill(0); cnt.fill(0);
    for (let i = 0; i < n; i++) if (nodeOf[i] === 0) { sum[0]! += sw[i]! * resid[i]!; cnt[0]! += sw[i]!; }
    // Level 0 reads each column's full order (or, when subsampling, the sampled runs of it).
    let src = orderFlat;
    if (nSub < n) {
      for (let j = 0; j < d; j++) {
        const base = j * n;
        let a = 0;
        for (let q = 0; q < n; q++) { const i = orderFlat[base + q]!; if (nodeOf[i] === 0) ord[base + a++] = i; }
      }
      src = ord;
    }
    segS[0] = 0; segE[0] = nSub < n ? nSub : n;
    bestGain[0] = 0; bestF[0] = -1; parentTerm[0] = (sum[0]! * sum[0]!) / cnt[0]!;
    for (let j = 0; j < d; j++) scanSegment(j, cols[j]!, src, j * n, j * n + segE[0]!, 0, wResid, sw, minLeaf, sum, cnt, parentTerm, bestGain, bestF, bestT);
    let nNodes = 1, levelStart = 0, levelEnd = 1;
    for (let depth = 0; depth < maxDepth; depth++) {
      // Split the nodes that found a split; children form the next level.
      const nextStart = nNodes;
      for (let k = levelStart; k < levelEnd; k++) {
        if (bestF[k]! < 0 || cnt[k]! < 2 * minLeaf) continue;
        feature[k] = bestF[k]!; threshold[k] = bestT[k]!;
        left[k] = nNodes++; right[k] = nNodes++;
        sum[left[k]!] = 0; cnt[left[k]!] = 0; sum[right[k]!] = 0; cnt[right[k]!] = 0; rows[left[k]!] = 0;
      }
      if (nNodes === nextStart) break;
      for (let i = 0; i < n; i++) {
        const k = nodeOf[i]!;
        if (k < levelStart || feature[k]! < 0) { if (k >= levelStart) nodeOf[i] = -2 - k; continue; }
        const ch = cols[feature[k]!]![i]! <= threshold[k]! ? left[k]! : right[k]!;
        nodeOf[i] = ch; sum[ch]! += sw[i]! * resid[i]!; cnt[ch]! += sw[i]!;
        if (ch === left[k]) rows[ch]!++;
      }
      if (depth + 1 >= maxDepth) break; // the children are leaves
      // One pass per split node and column: scan both children (their best splits) and, when their own children
      // will be scanned, write the stable partition of the node's runs into the children's groups.
      const write = depth + 2 < maxDepth;
      const target = src === ord2 ? ord : ord2;
      for (let k = nextStart; k < nNodes; k++) { bestGain[k] = 0; bestF[k] = -1; parentTerm[k] = (sum[k]! * sum[k]!) / cnt[k]!; }
      for (let k = levelStart; k < levelEnd; k++) {
        if (feature[k]! < 0) continue;
        const L = left[k]!, R = right[k]!, s0 = segS[k]!, e0 = segE[k]!;
        segS[L] = s0; segE[L] = s0 + rows[L]!; segS[R] = s0 + rows[L]!; segE[R] = e0;
        for (let j = 0; j < d; j++) {
          const base = j * n;
          scanPair(j, cols[j]!, src, base + s0, base + e0, L, R, nodeOf, write ? target : null, base + s0, base + s0 + rows[L]!, wResid, sw, minLeaf, sum, cnt, parentTerm, bestGain, bestF, bestT);
        }
      }
      if (write) src = target;
      levelStart = nextStart; levelEnd = nNodes;
    }
    // Leaf values: mean residual of the (subsampled) runs in each leaf, times the learning rate.
    for (let k = 0; k < nNodes; k++) if (feature[k]! < 0) value[k] = cnt[k]! > 0 ? (lr * sum[k]!) / cnt[k]! : 0;
    // Lay the tree out in heap order (see BoostedTrees).
    const place = (k: number, h: number, level: number): void => {
      if (level === maxDepth) { flatL[t * leaves + h - inner] = value[k]!; return; }
      const at = t * inner + h;
      if (feature[k]! >= 0) {
        flatF[at] = feature[k]!; flatT[at] = threshold[k]!;
        place(left[k]!, 2 * h + 1, level + 1); place(right[k]!, 2 * h + 2, level + 1);
      } else {
        flatF[at] = 0; flatT[at] = Infinity;
        place(k, 2 * h + 1, level + 1); place(k, 2 * h + 2, level + 1);
      }
    };
    place(0, 0, 0);
    for (let i = 0; i < n; i++) pred[i]! += walkFlat(flatF, flatT, flatL, t, maxDepth, X[i]!);
  }
  const model: BoostedTrees = { init, learningRate: lr, depth: maxDepth, count: nTrees, feature: flatF, threshold: flatT, leaf: flatL, domains: d };
  return model;
}

/**
 * One node's runs in one column's order (`ord[from..to)`): the best split of node k on column j so far. `wResid`
 * is weight x residual; `parentTerm[k]` is sum_k^2 / cnt_k. Left sums accumulate in sorted order, ties by run index.
 */
function scanSegment(
  j: number, c: Float64Array, ord: Int32Array, from: number, to: number, k: number, wResid: Float64Array, sw: Float64Array, minLeaf: number,
  sum: Float64Array, cnt: Float64Array, parentTerm: Float64Array, bestGain: Float64Array, bestF: Int32Array, bestT: Float64Array,
): void {
  const ck = cnt[k]!, sk = sum[k]!, pt = parentTerm[k]!;
  let sl = 0, nl = 0, last = NaN, bg = bestGain[k]!, bf = bestF[k]!, bt = bestT[k]!;
  for (let q = from; q < to; q++) {
    const i = ord[q]!;
    const wi = sw[i]!;
    if (wi === 0) continue;
    const v = c[i]!;
    if (nl >= minLeaf && v !== last && ck - nl >= minLeaf) {
      const sr = sk - sl, nr = ck - nl;
      const gain = (sl * sl) / nl + (sr * sr) / nr - pt;
      if (gain > bg) { bg = gain; bf = j; bt = (last + v) / 2; }
    }
    sl = sl + wResid[i]!; nl = nl + wi; last = v;
  }
  bestGain[k] = bg; bestF[k] = bf; bestT[k] = bt;
}

/**
 * One pass over a split node's runs in column j's order (`src[from..to)`): the best split so far of each child
 * (L, R: the runs' `nodeOf`), each child's left sums accumulating in sorted order as {@link scanSegment} does;
 * with `out`, the runs are also written, stably, to L's group from `outL` and R's from `outR`.
 */
function scanPair(
  j: number, c: Float64Array, src: Int32Array, from: number, to: number, L: number, R: number, nodeOf: Int32Array, out: Int32Array | null, outL: number, outR: number,
  wResid: Float64Array, sw: Float64Array, minLeaf: number, sum: Float64Array, cnt: Float64Array, parentTerm: Float64Array, bestGain: Float64Array, bestF: Int32Array, bestT: Float64Array,
): void {
  const cL = cnt[L]!, sL = sum[L]!, pL = parentTerm[L]!, cR = cnt[R]!, sR = sum[R]!, pR = parentTerm[R]!;
  let slL = 0, nlL = 0, lastL = NaN, bgL = bestGain[L]!, bfL = bestF[L]!, btL = bestT[L]!;
  let slR = 0, nlR = 0, lastR = NaN, bgR = bestGain[R]!, bfR = bestF[R]!, btR = bestT[R]!;
  let a = outL, b = outR;
  for (let q = from; q < to; q++) {
    const i = src[q]!;
    if (nodeOf[i] === L) {
      if (out) out[a++] = i;
      const wi = sw[i]!;
      if (wi === 0) continue;
      const v = c[i]!;
      if (nlL >= minLeaf && v !== lastL && cL - nlL >= minLeaf) {
        const sr = sL - slL, nr = cL - nlL;
        const gain = (slL * slL) / nlL + (sr * sr) / nr - pL;
        if (gain > bgL) { bgL = gain; bfL = j; btL = (lastL + v) / 2; }
      }
      slL = slL + wResid[i]!; nlL = nlL + wi; lastL = v;
    } else {
      if (out) out[b++] = i;
      const wi = sw[i]!;
      if (wi === 0) continue;
      const v = c[i]!;
      if (nlR >= minLeaf && v !== lastR && cR - nlR >= minLeaf) {
        const sr = sR - slR, nr = cR - nlR;
        const gain = (slR * slR) / nlR + (sr * sr) / nr - pR;
        if (gain > bgR) { bgR = gain; bfR = j; btR = (lastR + v) / 2; }
      }
      slR = slR + wResid[i]!; nlR = nlR + wi; lastR = v;
    }
  }
  bestGain[L] = bgL; bestF[L] = bfL; bestT[L] = btL;
  bestGain[R] = bgR; bestF[R] = bfR; bestT[R] = btR;
}

function walkFlat(f: Int32Array, th: Float64Array, leaf: Float64Array, t: number, depth: number, w: ArrayLike<number>): number {
  const inner = (1 << depth) - 1, base = t * inner;
  let h = 0;
  for (let l = 0; l < depth; l++) h = 2 * h + (w[f[base + h]!]! <= th[base + h]! ? 1 : 2);
  return leaf[t * (inner + 1) + h - inner]!;
}

/**
 * Predicted loss of one mixture under {@link BoostedTrees}.
 *
 * @example
 * predictTrees(model, Float64Array.from(weights));
 */
export function predictTrees(model: BoostedTrees, w: ArrayLike<number>): number {
  const { feature: f, threshold: th, leaf, count } = model;
  let s = model.init;
  if (model.depth === 3) {
    // The common case unrolled (same sums in the same order as the general walk).
    for (let t = 0, b = 0, l = -7; t < count; t++, b += 7, l += 8) {
      let h = w[f[b]!]! <= th[b]! ? 1 : 2;
      h = 2 * h + (w[f[b + h]!]! <= th[b + h]! ? 1 : 2);
      h = 2 * h + (w[f[b + h]!]! <= th[b + h]! ? 1 : 2);
      s += leaf[l + h]!;
    }
    return s;
  }
  for (let t = 0; t < count; t++) s += walkFlat(f, th, leaf, t, model.depth, w);
  return s;
}
