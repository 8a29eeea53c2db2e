import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/tracker/apply-edits.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';

describe('parser and edit corner cases', () => {
  it('a checkbox list right under an emoji line is items of its own, not fields', () => {
    const text = '# X\n\n## P1 Open\n\n⚠️ Foo\n- [ ] Bar\n- [x] Baz\n';
    const items = allItems(parseTracker(text).tracker);
    expect(items.map((i) => [i.id, i.status, i.fields.length])).toEqual([
      ['foo', 'open', 0],
      ['bar', 'open', 0],
      ['baz', 'resolved', 0],
    ]);
  });

  it('a plain `- Key: value` list right under an emoji line is still its fields', () => {
    const text = '# X\n\n## P1 Open\n\n⚠️ Foo\n- Impact: slow\n';
    expect(allItems(parseTracker(text).tracker)[0]!.fields.map((f) => f.key)).toEqual(['Impact']);
  });

  it('a heading item moved into an existing section keeps a blank line before the next heading', () => {
    const text =
      '# K\n\n## High\n\n### KI-1: A\n**Status:** OPEN\n\n## Fixed (2026-01-01)\n\n### KI-2: B\n**Status:** FIXED\n';
    const out = applyEdits(text, [
      { kind: 'set-status', itemId: 'KI-1', status: 'resolved' },
      { kind: 'move', itemId: 'KI-1', to: { kind: 'fixed', date: '2026-01-01' } },
    ]);
    expect(out).toBe(
      '# K\n\n## High\n\n## Fixed (2026-01-01)\n\n### KI-1: A\n**Status:** FIXED\n\n### KI-2: B\n**Status:** FIXED\n',
    );
  });
});
