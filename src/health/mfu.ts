/**
 * Model FLOPs utilisation: MFU = FLOPs per token x tokens/s / (peak FLOP/s per device x devices).
 *
 * FLOPs per token is 6N (Kaplan et al. 2020, section 2.1: forward + backward of the weight matmuls), or llm.c's
 * `gpt2_estimate_mfu` count 6N + 6·L·C·T (its attention matmuls: L layers, C channels, context T), or as given.
 */
import { InputError } from '../errors.js';

/**
 * FLOPs per token of llm.c's `gpt2_estimate_mfu` (train_gpt2.cu): `6 * N + 6 * L * C * T`.
 *
 * @example
 * llmcFlopsPerToken(1557686400, 48, 1600, 1024); // 9817042944 + ... = 9.818e9
 */
export function llmcFlopsPerToken(params: number, layers: number, channels: number, seqLen: number): number {
  for (const [k, v] of [['N', params], ['layers', layers], ['channels', channels], ['seqLen', seqLen]] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new InputError(`llmcFlopsPerToken: ${k} must be a positive number, got ${v}`);
  }
  return 6 * params + 6 * layers * channels * seqLen;
}

/**
 * MFU (a fraction) from tokens/s, FLOPs per token, peak FLOP/s per device and devices.
 *
 * @example
 * mfuFraction(381369 * 1, 6 * 124e6, 312e12, 1); // 0.909...
 */
export function mfuFraction(tokensPerSecond: number, flopsPerToken: number, peakFlops: number, devices: number): number {
  return (flopsPerToken * tokensPerSecond) / (peakFlops * devices);
}

/**
 * llm.c's printed tok/s: an exponential moving average (0.95) of the per-step tokens/s from its second step on,
 * bias-corrected as in AdamW (`ema / (1 - 0.95^step)`); step 0 prints its own rate. `step` are llm.c's 0-based
 * steps (consecutive), `tokensPerSecond` the per-step rates.
 *
 * @example
 * llmcSmoothedTokensPerSecond(Float64Array.of(0, 1, 2), Float64Array.of(100, 200, 300)); // [100, 200, 253.8...]
 */
export function llmcSmoothedTokensPerSecond(step: ArrayLike<number>, tokensPerSecond: ArrayLike<number>): Float64Array {
  const out = new Float64Array(step.length);
  let ema = 0;
  for (let i = 0; i < step.length; i++) {
    const s = step[i]!, r = tokensPerSecond[i]!;
    if (s === 0) {
      out[i] = r;
      continue;
    }
    ema = 0.95 * ema + 0.05 * r;
    out[i] = ema / (1 - Math.pow(0.95, s));
  }
  return out;
}
