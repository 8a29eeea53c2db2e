import { describe, expect, it } from 'vitest';
import { compareTrackers } from '../../src/reconcile/tracker-changes.js';

const base = `# Known Issues

## P0 Outstanding

⚠️ **Build fails** (#12)
   - Impact: high

## P1 Outstanding

⚠️ **KI-3: Flaky login**
⚠️ **Slow checkout**
`;

describe('compareTrackers: what a pull request does to the tracker', () => {
  it('no change: nothing added, removed or changed, no line touched', () => {
    expect(compareTrackers(base, base)).toMatchObject({
      created: false,
      added: [],
      removed: [],
      changed: [],
      touchedLines: [],
      diagnostics: [],
    });
  });

  it('items added, removed, and changed in status, priority and title, matched by id, issue and slug', () => {
    const head = base
      .replace('⚠️ **Build fails** (#12)', '✅ **The build fails** (#12)')
      .replace('⚠️ **KI-3: Flaky login**\n', '')
      .replace('## P0 Outstanding\n', '## P0 Outstanding\n\n⚠️ **KI-3: Flaky login**\n')
      .replace('⚠️ **Slow checkout**\n', '⚠️ **Coupons ignored**\n');
    const changes = compareTrackers(base, head);
    expect(changes.added.map((i) => i.title)).toEqual(['Coupons ignored']);
    expect(changes.removed.map((i) => i.title)).toEqual(['Slow checkout']);
    expect(changes.changed.map((c) => [c.item.title, c.changes])).toEqual([
      ['Flaky login', [{ field: 'priority', from: 'P1', to: 'P0' }]],
      [
        'The build fails',
        [
          { field: 'status', from: 'open', to: 'resolved' },
          { field: 'title', from: 'Build fails', to: 'The build fails' },
        ],
      ],
    ]);
  });

  it('lint findings only on the lines the pull request touched', () => {
    const broken = base.replace('**Slow checkout**', '**Slow checkout** (Discovered 2026-13-45)');
    // The bad date is already in the base: a pull request elsewhere is not blamed for it.
    const elsewhere = broken.replace('Impact: high', 'Impact: very high');
    expect(compareTrackers(broken, elsewhere).diagnostics).toEqual([]);
    const touched = compareTrackers(base, broken);
    expect(touched.touchedLines).toEqual([11]);
    expect(touched.diagnostics.map((d) => [d.line, d.severity])).toEqual([[11, 'error']]);
  });

  it('a tracker the base did not have: created, every item added, every finding its own', () => {
    const changes = compareTrackers(null, base);
    expect(changes.created).toBe(true);
    expect(changes.added.map((i) => i.title)).toEqual([
      'Build fails',
      'Flaky login',
      'Slow checkout',
    ]);
  });

  it('a section the base did not have counts as created too', () => {
    const claude = `# Notes\n\n## Known Issues\n\n${base.replace('# Known Issues\n', '').replace(/^## /gm, '### ')}`;
    const changes = compareTrackers('# Notes\n', claude, { section: 'Known Issues' });
    expect(changes.created).toBe(true);
    expect(changes.added).toHaveLength(3);
  });
});
