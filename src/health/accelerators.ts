/**
 * Known accelerators: dense BF16 peak FLOP/s per device, each with its source. Peaks "with sparsity" on a vendor
 * sheet are twice the dense number; only dense numbers are used here (MFU counts dense model FLOPs).
 *
 * llm.c does not use the spec sheet: its `get_flops_promised` (llmc/mfu.h) scales Hopper's whitepaper 756 TFLOP/s
 * (456 tensor cores at 1620 MHz) to the H100 SXM's 528 cores at 1830 MHz, 988.84 TFLOP/s, 0.06% below the sheet's
 * 989.4. {@link LLMC_H100_PEAK_FLOPS} is that number, for reproducing llm.c's printed MFU exactly.
 */
import { InputError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { Accelerator } from './types.js';

/**
 * The accelerator table (dense BF16, per device).
 *
 * @example
 * ACCELERATORS.find((a) => a.name === 'A100')!.peak_flops; // 312e12
 */
export const ACCELERATORS: readonly Accelerator[] = [
  {
    name: 'H100',
    aliases: ['H100 SXM', 'H100-SXM', 'H100 SXM5', 'NVIDIA H100 80GB HBM3', 'H100-80GB'],
    peak_flops: 989.4e12,
    source: 'NVIDIA H100 Tensor Core GPU datasheet (SXM): BF16 Tensor Core 1,979 TFLOPS with sparsity, dense = half',
  },
  {
    name: 'H200',
    aliases: ['H200 SXM', 'H200-SXM', 'NVIDIA H200'],
    peak_flops: 989.4e12,
    source: 'NVIDIA H200 Tensor Core GPU datasheet (SXM): BF16 Tensor Core 1,979 TFLOPS with sparsity, dense = half',
  },
  {
    name: 'A100',
    aliases: ['A100 SXM', 'A100-SXM4-80GB', 'A100-SXM4-40GB', 'A100 PCIe', 'NVIDIA A100-SXM4-80GB'],
    peak_flops: 312e12,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: BF16 Tensor Core 312 TFLOPS (624 with sparsity)',
  },
  {
    name: 'B200',
    aliases: ['B200 SXM', 'HGX B200', 'NVIDIA B200'],
    peak_flops: 2.25e15,
    source: 'NVIDIA HGX B200 specifications: FP16/BF16 Tensor Core 4.5 PFLOPS with sparsity per GPU, dense = half',
  },
  {
    name: 'TPU v5e',
    aliases: ['v5e', 'TPUv5e', 'tpu-v5e', 'v5litepod'],
    peak_flops: 197e12,
    source: 'Google Cloud TPU v5e documentation: 197 TFLOPs BF16 peak compute per chip',
  },
  {
    name: 'TPU v5p',
    aliases: ['v5p', 'TPUv5p', 'tpu-v5p'],
    peak_flops: 459e12,
    source: 'Google Cloud TPU v5p documentation: 459 TFLOPs BF16 peak compute per chip',
  },
  {
    name: 'MI300X',
    aliases: ['AMD Instinct MI300X', 'MI300-X'],
    peak_flops: 1307.4e12,
    source: 'AMD Instinct MI300X data sheet: peak BF16 dense 1307.4 TFLOPs (2614.9 with sparsity)',
  },
];

/**
 * llm.c's H100 peak (llmc/mfu.h `get_flops_promised("NVIDIA H100 80GB HBM3", BF16)`): 756e12 x 528/456 x 1830/1620.
 *
 * @example
 * LLMC_H100_PEAK_FLOPS / 1e12; // 988.84
 */
export const LLMC_H100_PEAK_FLOPS = 756e12 * (528 / 456) * (1830 / 1620);

function norm(s: string): string {
  return s.toLowerCase().replace(/^nvidia\s+|^amd\s+(instinct\s+)?|^google\s+/, '').replace(/[\s_-]+/g, '');
}

/**
 * The accelerator of a name (case, spaces, dashes and a vendor prefix ignored; aliases accepted), or an InputError
 * listing the known names with a "did you mean".
 *
 * @example
 * resolveAccelerator('h100').peak_flops; // 989.4e12
 * resolveAccelerator('H10');             // throws InputError: unknown accelerator 'H10'. Did you mean H100?
 */
export function resolveAccelerator(name: string): Accelerator {
  const k = norm(name);
  for (const a of ACCELERATORS) {
    if (norm(a.name) === k || a.aliases.some((x) => norm(x) === k)) return a;
  }
  const names = ACCELERATORS.map((a) => a.name);
  throw new InputError(
    `unknown accelerator '${name}' (--accelerator).${didYouMean(name, names)} Known: ${names.join(', ')}; or give the dense peak per device with --peak-flops (FLOP/s).`,
  );
}
