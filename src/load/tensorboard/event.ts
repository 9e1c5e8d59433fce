/**
 * Decoding TensorBoard `Event` records into scalar points, straight into a {@link RunSetBuilder}.
 *
 * Event: wall_time double = 1, step int64 = 2, file_version string = 3, summary Summary = 5 (other fields are
 * skipped). Summary: repeated Value value = 1. Summary.Value: tag = 1, node_name = 7, simple_value float = 2,
 * obsolete histogram = 3, image = 4, histo = 5, audio = 6, tensor TensorProto = 8, metadata SummaryMetadata = 9.
 *
 * A point is a `simple_value` (PyTorch's SummaryWriter, TF1 tf.summary.scalar) or a one-element numeric tensor
 * whose tag carries the "scalars" plugin (TF2 tf.summary.scalar). As in TensorBoard, a tag's plugin is taken from
 * the first value of that tag with metadata in the run (TF1 writers write metadata only once per tag). Everything
 * else (histograms, images, audio, text, non-scalar tensors) is counted per kind and tag, for a warning.
 *
 * Tags are interned: the bytes of a tag are decoded once per distinct tag per run.
 *
 * @example
 * const dec = new EventDecoder(builder, () => builder.addRun({ id: 'run', source: dir }));
 * const stats = dec.decode(readFileSync(file), file);
 * stats.points; // scalar points added
 */
import type { RunSetBuilder } from '../../runs/builder.js';
import { ProtoReader, WIRE_FIXED32, WIRE_LEN } from './proto.js';
import { tensorScalar } from './tensor.js';
import { forEachRecord, type CorruptRegion, type FramingOptions } from './tfrecord.js';

/** What decoding one file found. */
export interface EventFileStats {
  /** Whole records read. */
  records: number;
  /** Records that were Events with a summary. */
  summaries: number;
  /** Scalar points added. */
  points: number;
  /** Offset of the incomplete last record, when the file ends inside one. */
  truncatedAt?: number;
  /** Bytes after `truncatedAt`. */
  truncatedBytes?: number;
  /** Corrupt regions skipped to resynchronise on the next valid record (file offsets, bytes, reason). */
  corrupt: CorruptRegion[];
  /** Values not read as scalars: kind -> count and tags. */
  skipped: Map<string, { count: number; tags: Set<string> }>;
  /** Events whose step is not a safe integer (beyond 2^53 - 1), skipped. */
  unsafeSteps: number;
  /** Offset of the first such event. */
  firstUnsafeStepAt?: number;
  /** `file_version` of the file's first event ("brain.Event:2"), when present. */
  fileVersion?: string;
}

/**
 * Empty stats, to accumulate over the chunks of one file.
 *
 * @example
 * const s = newStats(); dec.decode(chunk, file, 0, s);
 */
export function newStats(): EventFileStats {
  return { records: 0, summaries: 0, points: 0, corrupt: [], skipped: new Map(), unsafeSteps: 0 };
}

/** One distinct tag of a run. */
interface TagEntry {
  bytes: Uint8Array;
  name: string;
  /** Builder metric id, -1 until first used. */
  metric: number;
  /** Plugin from the first metadata seen for this tag; undefined until then. */
  plugin: string | undefined;
  /** SummaryMetadata.data_class (1 = scalar), 0 when unset. */
  dataClass: number;
}

const KIND_NONE = 0;
const KIND_SIMPLE = 1;
const KIND_TENSOR = 2;
const KIND_OTHER = 3;
const OTHER_NAMES: Record<number, string> = { 3: 'histogram (old style)', 4: 'image', 5: 'histogram', 6: 'audio' };
/** SummaryMetadata.DataClass.DATA_CLASS_SCALAR. */
const DATA_CLASS_SCALAR = 1;

/**
 * Decodes the event files of one run (in order) into scalar points of that run.
 *
 * @example
 * const dec = new EventDecoder(b, () => b.addRun({ id: 'r', source: 'logs/r' }));
 * for (const f of files) dec.decode(readFileSync(f), f);
 */
export class EventDecoder {
  private readonly builder: RunSetBuilder;
  private readonly startRun: () => number;
  private run = -1;
  private lastTag: TagEntry | undefined;
  private readonly tags = new Map<number, TagEntry[]>();
  private readonly slots: (TagEntry | undefined)[] = new Array<TagEntry | undefined>(256).fill(undefined);
  // Per-file state (set by decode).
  private r!: ProtoReader;
  private stats!: EventFileStats;

  /** `startRun` is called once, when the first scalar point arrives (a run without scalars is never created). */
  constructor(builder: RunSetBuilder, startRun: () => number) {
    this.builder = builder;
    this.startRun = startRun;
  }

  /** The run index, or -1 when no scalar has been read yet. */
  get runIndex(): number {
    return this.run;
  }

  /**
   * Decode one event file's bytes (read-only). Corrupt framing is skipped to the next valid record and listed in
   * `stats.corrupt` (a LoadError with `framing.strict`); a malformed Event inside valid framing is a LoadError.
   * For a file read in chunks, pass each chunk's file offset as `base`, the same `stats` to accumulate, and
   * `framing` with `final: false` (and one shared `state`) for every chunk but the last; a chunk's incomplete last
   * record is then reported in `truncatedAt` for the caller to carry over.
   */
  decode(bytes: Uint8Array, file: string, base = 0, stats: EventFileStats = newStats(), framing: Omit<FramingOptions, 'base'> = {}): EventFileStats {
    this.r = new ProtoReader(bytes, file, base);
    this.stats = stats;
    const end = forEachRecord(bytes, file, (s, e, at) => this.event(s, e, at), { ...framing, base });
    stats.records += end.records;
    for (const c of end.corrupt) stats.corrupt.push(c);
    stats.truncatedAt = undefined;
    stats.truncatedBytes = undefined;
    if (end.truncated) {
      stats.truncatedAt = base + end.end;
      stats.truncatedBytes = bytes.length - end.end;
    }
    return stats;
  }

  /** One Event in bytes[start, end). */
  private event(start: number, end: number, recordAt: number): void {
    const r = this.r;
    r.pos = start;
    let wall = NaN;
    let step = 0;
    let sumStart = -1;
    let sumEnd = -1;
    while (r.pos < end) {
      const keyAt = r.pos;
      const key = r.varint(end);
      if (key === 0x09) wall = r.float64(end);
      else if (key === 0x10) step = r.int64(end);
      else if (key === 0x2a) {
        sumEnd = r.len(end);
        sumStart = r.pos;
        r.pos = sumEnd;
      } else if (key === 0x1a && recordAt + r.base === 0) {
        const stop = r.len(end);
        this.stats.fileVersion = r.text(r.pos, stop);
        r.pos = stop;
      } else {
        const field = key >>> 3;
        if (field === 0) r.fail('field number 0 in an Event', 'a valid protobuf field key', keyAt);
        if (field === 1 || field === 2 || field === 5) {
          r.fail(`Event field ${field} with wire type ${key & 7}`, field === 1 ? 'wall_time as fixed64' : field === 2 ? 'step as varint' : 'summary as a length-delimited message', keyAt);
        }
        r.skip(key & 7, end);
      }
    }
    if (sumStart < 0) return;
    this.stats.summaries++;
    if (Number.isNaN(step)) {
      if (this.stats.unsafeSteps++ === 0) this.stats.firstUnsafeStepAt = r.base + recordAt;
      return;
    }
    this.summary(sumStart, sumEnd, step, wall);
  }

  /** A Summary in bytes[start, end): each Value. */
  private summary(start: number, end: number, step: number, wall: number): void {
    const r = this.r;
    r.pos = start;
    while (r.pos < end) {
      const keyAt = r.pos;
      const key = r.varint(end);
      if (key === 0x0a) {
        const stop = r.len(end);
        this.value(r.pos, stop, step, wall);
        r.pos = stop;
      } else {
        if (key >>> 3 === 1) r.fail(`Summary.value with wire type ${key & 7}`, 'a length-delimited Summary.Value', keyAt);
        if (key >>> 3 === 0) r.fail('field number 0 in a Summary', 'a valid protobuf field key', keyAt);
        r.skip(key & 7, end);
      }
    }
  }

  /** A Summary.Value in bytes[start, end). */
  private value(start: number, end: number, step: number, wall: number): void {
    const r = this.r;
    r.pos = start;
    let tagStart = -1;
    let tagEnd = -1;
    let nodeStart = -1;
    let nodeEnd = -1;
    let kind = KIND_NONE;
    let other = 0;
    let simple = 0;
    let tensorStart = -1;
    let tensorEnd = -1;
    let metaStart = -1;
    let metaEnd = -1;
    while (r.pos < end) {
      const keyAt = r.pos;
      const key = r.varint(end);
      const field = key >>> 3;
      const wire = key & 7;
      if (key === 0x0a) {
        tagEnd = r.len(end);
        tagStart = r.pos;
        r.pos = tagEnd;
      } else if (key === 0x15) {
        simple = r.float32(end);
        kind = KIND_SIMPLE;
      } else if (key === 0x42) {
        tensorEnd = r.len(end);
        tensorStart = r.pos;
        r.pos = tensorEnd;
        kind = KIND_TENSOR;
      } else if (key === 0x4a) {
        metaEnd = r.len(end);
        metaStart = r.pos;
        r.pos = metaEnd;
      } else if (key === 0x3a) {
        nodeEnd = r.len(end);
        nodeStart = r.pos;
        r.pos = nodeEnd;
      } else if (field >= 3 && field <= 6 && wire === WIRE_LEN) {
        r.skip(wire, end);
        kind = KIND_OTHER;
        other = field;
      } else {
        if (field === 0) r.fail('field number 0 in a Summary.Value', 'a valid protobuf field key', keyAt);
        if (field >= 1 && field <= 9) {
          const want = field === 2 ? WIRE_FIXED32 : WIRE_LEN;
          r.fail(`Summary.Value field ${field} with wire type ${wire}`, `wire type ${want}`, keyAt);
        }
        r.skip(wire, end);
      }
    }
    if (tagStart < 0 || tagEnd === tagStart) {
      tagStart = nodeStart;
      tagEnd = nodeEnd;
    }
    if (tagStart < 0) {
      this.skip('value without a tag', '');
      return;
    }
    const tag = this.intern(tagStart, tagEnd);
    if (metaStart >= 0 && tag.plugin === undefined) this.metadata(tag, metaStart, metaEnd);
    if (kind === KIND_SIMPLE) {
      this.point(tag, step, simple, wall);
    } else if (kind === KIND_TENSOR) {
      if (tag.plugin !== 'scalars' && tag.dataClass !== DATA_CLASS_SCALAR) {
        this.skip(tag.plugin ? `${tag.plugin} tensor` : 'tensor without plugin metadata', tag.name);
        return;
      }
      const t = tensorScalar(r, tensorStart, tensorEnd);
      if (t.reason === undefined) this.point(tag, step, t.value, wall);
      else this.skip(t.reason === 'shape' ? 'non-scalar tensor' : t.reason === 'range' ? 'integer tensor beyond 2^53' : t.reason === 'size' ? 'tensor whose values do not match its shape' : 'non-numeric tensor', tag.name);
    } else if (kind === KIND_OTHER) {
      this.skip(OTHER_NAMES[other]!, tag.name);
    } else {
      this.skip('value without data', tag.name);
    }
  }

  private point(tag: TagEntry, step: number, value: number, wall: number): void {
    if (this.run < 0) this.run = this.startRun();
    if (tag.metric < 0) tag.metric = this.builder.metricId(tag.name);
    this.builder.push(this.run, step, tag.metric, value, NaN, NaN, wall);
    this.stats.points++;
  }

  private skip(kind: string, tag: string): void {
    let s = this.stats.skipped.get(kind);
    if (!s) this.stats.skipped.set(kind, (s = { count: 0, tags: new Set() }));
    s.count++;
    if (tag && s.tags.size < 50) s.tags.add(tag);
  }

  /** SummaryMetadata: plugin_data (1) { plugin_name (1) }, data_class (4). */
  private metadata(tag: TagEntry, start: number, end: number): void {
    const r = this.r;
    r.pos = start;
    let plugin = '';
    let dataClass = 0;
    while (r.pos < end) {
      const keyAt = r.pos;
      const key = r.varint(end);
      if (key === 0x0a) {
        const stop = r.len(end);
        while (r.pos < stop) {
          const k2At = r.pos;
          const k2 = r.varint(stop);
          if (k2 === 0x0a) {
            const s2 = r.len(stop);
            plugin = r.text(r.pos, s2);
            r.pos = s2;
          } else {
            if (k2 >>> 3 === 1 || k2 >>> 3 === 0) r.fail(`PluginData field ${k2 >>> 3} with wire type ${k2 & 7}`, 'plugin_name as a string', k2At);
            r.skip(k2 & 7, stop);
          }
        }
      } else if (key === 0x20) {
        dataClass = r.varint(end);
      } else {
        const field = key >>> 3;
        if (field === 0 || field === 1 || field === 4) r.fail(`SummaryMetadata field ${field} with wire type ${key & 7}`, 'a valid SummaryMetadata', keyAt);
        r.skip(key & 7, end);
      }
    }
    tag.plugin = plugin;
    tag.dataClass = dataClass;
  }

  /** The entry of the tag in bytes[start, end), creating it on first sight. */
  private intern(start: number, end: number): TagEntry {
    const b = this.r.bytes;
    const last = this.lastTag;
    if (last !== undefined && sameBytes(last.bytes, b, start, end)) return last;
    // A direct-mapped cache in front of the map, keyed by the length and three bytes of the tag (no hashing of
    // every byte): one array read and one comparison for the few tags a training run logs.
    const len = end - start;
    const slot = len < 2 ? len : (len * 31 + b[end - 1]! * 7 + b[end - 2]! * 131 + b[start + (len >> 1)]!) & 255;
    const cached = this.slots[slot];
    if (cached !== undefined && sameBytes(cached.bytes, b, start, end)) return (this.lastTag = cached);
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    let bucket = this.tags.get(h);
    if (bucket === undefined) this.tags.set(h, (bucket = []));
    for (const e of bucket) {
      if (sameBytes(e.bytes, b, start, end)) return (this.lastTag = this.slots[slot] = e);
    }
    const e: TagEntry = { bytes: b.slice(start, end), name: this.r.text(start, end), metric: -1, plugin: undefined, dataClass: 0 };
    this.slots[slot] = e;
    bucket.push(e);
    return (this.lastTag = e);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

