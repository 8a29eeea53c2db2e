/**
 * File bytes as text and back, exactly. UTF-8 is decoded as usual (a BOM kept as U+FEFF); a
 * byte that is not part of valid UTF-8 (a Latin-1 `é`, say) becomes the lone surrogate
 * U+DC80–U+DCFF for its value, which valid UTF-8 can never produce, and is written back as that
 * same byte. Edits splice around such characters, so a file that is not all UTF-8 is committed
 * back byte for byte outside the edited spans.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of `bytes`, each byte that is not valid UTF-8 kept as a lone surrogate. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Not all UTF-8: decode the valid runs, escape the bytes between them.
  }
  let out = '';
  let run = 0;
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += utf8.decode(bytes.subarray(run, i)) + String.fromCharCode(0xdc00 + bytes[i]!);
    run = ++i;
  }
  return out + utf8.decode(bytes.subarray(run));
}

/** A lone low surrogate in U+DC80–U+DCFF: a byte `decodeBytes` could not read as UTF-8. */
const ESCAPED = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** The bytes of `text`, lone surrogates U+DC80–U+DCFF written back as the bytes they stand for. */
export function encodeText(text: string): Buffer {
  if (!ESCAPED.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (const match of text.matchAll(new RegExp(ESCAPED.source, 'g'))) {
    parts.push(Buffer.from(text.slice(at, match.index), 'utf8'));
    parts.push(Buffer.of(match[0].charCodeAt(0) - 0xdc00));
    at = match.index + 1;
  }
  parts.push(Buffer.from(text.slice(at), 'utf8'));
  return Buffer.concat(parts);
}

/** The 1-based numbers of the lines holding bytes that are not UTF-8, for a warning. */
export function linesNotUtf8(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (ESCAPED.test(line)) lines.push(i + 1);
  });
  return lines;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  if (lead < 0x80) return 1;
  const cont = (at: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + at];
    return b !== undefined && b >= low && b <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    // No overlong forms (E0 A0..) and no surrogates (ED ..9F).
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
