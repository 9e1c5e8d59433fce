/**
 * TensorBoard event files: TFRecord framing with both CRC32Cs verified, hand-written protobuf decoding of
 * `Event`/`Summary`/`TensorProto`, scalars stored as `simple_value` (PyTorch, TF1) or as scalar tensors (TF2).
 * The loaders, in the order detection tries them: `tensorboard` (a file) and `tensorboard-dir` (a folder).
 *
 * @example
 * import { load } from '../index.js';
 * const rs = await load('logs/'); // each directory holding events.out.tfevents.* files is one run
 */
import type { FormatLoader } from '../types.js';
import { tensorboardDirLoader, tensorboardLoader } from './loader.js';

export { tensorboardLoader, tensorboardDirLoader, decodeEventFile } from './loader.js';
export { EventDecoder, newStats, type EventFileStats } from './event.js';
export { forEachRecord, firstRecordFraming, type CorruptRegion, type FramingEnd, type FramingOptions, type FramingState, type RecordVisitor } from './tfrecord.js';
export { crc32c, maskedCrc32c, maskCrc } from './crc32c.js';
export { isEventFileName, eventFileTimestamp, orderEventFiles, runDirs, type RunDir } from './files.js';

/** The TensorBoard loaders, in the order detection tries them. */
export const loaders: FormatLoader[] = [tensorboardLoader, tensorboardDirLoader];
