import { isUtf8 } from 'node:buffer';

/** Where a byte sequence stops being UTF-8: the offset into the decoded text, and the offending byte. */
export interface InvalidUtf8 {
  offset: number;
  byte: number;
}

/** Length of the UTF-8 sequence a lead byte starts, 0 for a byte that cannot start one. */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Index of the first byte that is not valid UTF-8 (overlongs, surrogates and values past U+10FFFF included). */
function firstInvalid(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes[i]!);
    if (n === 0 || i + n > bytes.length) return i;
    if (n > 1 && !isUtf8(bytes.subarray(i, i + n))) return i;
    i += n;
  }
  return -1;
}

/**
 * Decodes UTF-8. Valid input (the common case) is checked natively and decoded once; otherwise
 * the text is decoded with U+FFFD in place of bad bytes and the first one is located, so the
 * caller can report it at its line and column instead of compiling garbage in silence.
 */
export function decodeUtf8(bytes: Buffer): { text: string; invalidAt?: InvalidUtf8 } {
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text };
  const at = firstInvalid(bytes);
  return { text, invalidAt: { offset: bytes.subarray(0, at).toString('utf8').length, byte: bytes[at]! } };
}
