import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc, maskedCrc32c } from '../../../src/load/tensorboard/crc32c.js';
import { refCrc32c, refMasked } from './writer.js';

describe('crc32c (slicing-by-8)', () => {
  it('matches the published check value and the RFC 3720 (iSCSI) test vectors', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with a byte-at-a-time reference on any bytes and sub-range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(), fc.nat(), (b, x, y) => {
        const s = b.length ? x % b.length : 0;
        const e = s + (b.length - s ? y % (b.length - s + 1) : 0);
        expect(crc32c(b, s, e)).toBe(refCrc32c(b, s, e));
        expect(maskedCrc32c(b, s, e)).toBe(refMasked(refCrc32c(b, s, e)));
      }),
      { numRuns: 500 },
    );
  });

  it('masks as TFRecord does: rotate right by 15 and add 0xa282ead8 mod 2^32', () => {
    expect(maskCrc(0)).toBe(0xa282ead8);
    expect(maskCrc(0xffffffff)).toBe((0xffffffff + 0xa282ead8) % 2 ** 32);
    expect(maskCrc(1)).toBe((2 ** 17 + 0xa282ead8) % 2 ** 32);
  });
});
