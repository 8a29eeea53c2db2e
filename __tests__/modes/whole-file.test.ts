import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBytes, encodeText } from '../../src/github/bytes.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { runs } from '../support/fast-check-setup.js';
import { BLOB_TEXT_LIMIT, startEmulator, type Emulator } from '../support/github-emulator.js';
import { TOKEN } from '../support/github-client.js';
import { syncOnce, TRACKER } from '../support/sync.js';

/**
 * A tracker whose one P0 item gets its issue number on the first sync, with `filler` bytes
 * before and after it: the sync must commit every other byte as it was.
 */
function tracker(filler: Buffer, size: number): Buffer {
  const head = Buffer.from('# Known Issues\n\n## Notes\n\n```text\n');
  const item = Buffer.from(
    '```\n\n## P0 Outstanding\n\n⚠️ **Login crashes on save** (Discovered 2026-01-28)\n   - Status: Open\n\n## Archive\n\n```text\n',
  );
  const half = Math.max(0, Math.floor((size - head.length - item.length - 4) / 2));
  const pad = (n: number) =>
    Buffer.concat(Array(Math.ceil(n / filler.length)).fill(filler)).subarray(0, n);
  return Buffer.concat([
    head,
    pad(half),
    Buffer.from('\n'),
    item,
    pad(half),
    Buffer.from('\n```\n'),
  ]);
}

/** A line of a pasted build log (long lines parse fastest: a 5 MB tracker is parsed several times). */
const LOG_LINE = Buffer.from(
  `2026-01-28T10:00:00Z build step 42: ${'compiling module src/app/index.ts; '.repeat(56)}\n`,
);
/** `José` in Latin-1: the byte E9 is not UTF-8. */
const LATIN1 = Buffer.concat([
  Buffer.from('Reported by Jos'),
  Buffer.of(0xe9),
  Buffer.from(' (Ticket 7)\n'),
]);

const lines = (bytes: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  let at = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, at)) {
    out.push(bytes.subarray(at, i + 1));
    at = i + 1;
  }
  out.push(bytes.subarray(at));
  return out;
};

/** The committed file equals the original byte for byte outside the item's lines. */
function expectSameOutside(before: Buffer, after: Buffer, itemId: string): void {
  const text = decodeBytes(before);
  const item = allItems(parseTracker(text).tracker).find((i) => i.id === itemId)!;
  const [a, b] = [lines(before), lines(after)];
  const first = item.range.start.line - 1;
  const itemLines = item.range.end.line - item.range.start.line + 1;
  expect(Buffer.concat(b.slice(0, first)).equals(Buffer.concat(a.slice(0, first)))).toBe(true);
  const tail = a.length - first - itemLines;
  expect(
    Buffer.concat(b.slice(b.length - tail)).equals(Buffer.concat(a.slice(a.length - tail))),
  ).toBe(true);
  expect(b.length).toBe(a.length);
}

let emulator: Emulator;
let n = 0;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
});
afterAll(() => emulator.close());

describe('a sync reads the tracker whole and commits back every byte it did not edit', () => {
  it.each([
    ['600 KB', LOG_LINE, 600_000],
    ['5 MB', LOG_LINE, 5_000_000],
    ['a Latin-1 line', Buffer.concat([LATIN1, Buffer.from('A short line.\n')]), 4_000],
    ['600 KB with Latin-1 lines', Buffer.concat([LOG_LINE, LATIN1]), 600_000],
  ])('%s', async (_, filler, size) => {
    const name = `acme/whole-${++n}`;
    const repo = emulator.repo(name);
    const before = tracker(filler, size);
    repo.pushCommit('main', { [TRACKER]: before }, 'Add the tracker');

    const result = await syncOnce(emulator, name, { config: { priorities: ['P0'] } });

    expect(result.commit?.oid).toBe(repo.head());
    const after = repo.fileBytes(TRACKER)!;
    expect(after.length).toBeGreaterThan(before.length);
    expect(decodeBytes(after)).toContain('**Login crashes on save** ([#1](https://github.com/');
    expectSameOutside(before, after, 'login-crashes-on-save');
    if (size > BLOB_TEXT_LIMIT || filler.includes(0xe9)) {
      expect(
        emulator.requestsTo({ method: 'GET', path: /\/git\/blobs\/[0-9a-f]{40}$/ }),
      ).not.toEqual([]);
    }
    emulator.clearRequests();
  });
});

describe('bytes as text and back', () => {
  it('any bytes round-trip exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) =>
        encodeText(decodeBytes(bytes)).equals(Buffer.from(bytes)),
      ),
      { numRuns: runs(3000) },
    );
  });

  it('UTF-8 text decodes as itself, a BOM kept', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        (text) => decodeBytes(Buffer.from(`\uFEFF${text}`)) === `\uFEFF${text}`,
      ),
      { numRuns: runs(1000) },
    );
  });
});
