/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven with slicing-by-8, and the "masked" form
 * TFRecord framing stores: `((crc >>> 15) | (crc << 17)) + 0xa282ead8` (mod 2^32).
 *
 * @example
 * crc32c(new TextEncoder().encode('123456789')); // 0xe3069283
 */

const POLY = 0x82f63b78;

/** 8 tables of 256 entries: T[k][n] is the CRC of byte n followed by k zero bytes. */
const T = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
}

/**
 * CRC32C of `bytes[start, end)` as an unsigned 32-bit number.
 *
 * @example
 * crc32c(new Uint8Array([0x61])); // 0xc1d04330 ('a')
 */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = -1;
  let i = start;
  const t = T;
  while (i + 8 <= end) {
    const a = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
    i += 8;
  }
  while (i < end) crc = t[(crc ^ bytes[i++]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/**
 * The masked CRC32C TFRecord stores (so that a CRC of data containing CRCs is not degenerate).
 *
 * @example
 * maskedCrc32c(new Uint8Array(8)); // the length CRC of a zero-length record
 */
export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return maskCrc(crc32c(bytes, start, end));
}

/**
 * Mask an unsigned CRC32C the TFRecord way.
 *
 * @example
 * maskCrc(0); // 0xa282ead8
 */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}
