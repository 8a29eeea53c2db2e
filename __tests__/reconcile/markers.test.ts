import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IssueSnapshotFile, itemIdFromBody, markerFor } from '../../src/reconcile/issues.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { runs } from '../support/fast-check-setup.js';
import { FIXTURES, fixture, optionsFor } from '../tracker/helpers.js';

/** Ids that broke markers or patterns: spaces, brackets, regex and comment syntax, `%` escapes. */
const TRICKY = [
  'KI 3',
  '(a',
  'KI-1+',
  'a-->b',
  'a -->',
  '-->',
  'x--',
  '%41',
  '%u0041',
  '100%',
  'tab\there',
  'line\nbreak',
  'nbsp\u00a0id',
  'KI\u30003',
  'José',
  '中文-问题',
  '👩‍💻',
  '\uD83D',
  '\uDE00x',
  '`KI-7`',
  '<b>',
  '',
];

/**
 * Any code point, lone surrogates included: what `unit: 'binary'` draws, without the table of
 * every code point fast-check builds for that unit (over a second, once per process).
 */
const CODE_POINT = fc.nat(0x10ffff).map((cp) => String.fromCodePoint(cp));

/** Text pieces mixing what ids are made of with what a marker must survive. */
const PIECE = fc.oneof(
  fc.constantFrom(
    'KI',
    '-',
    '3',
    ' ',
    '>',
    '<!--',
    '-->',
    '%',
    '%2',
    'u00',
    '`',
    '#',
    'é',
    '\u200d',
  ),
  fc.string({ unit: CODE_POINT, maxLength: 4 }),
);

describe('markers', () => {
  it('read back every id of every fixture', () => {
    for (const name of FIXTURES) {
      for (const item of allItems(parseTracker(fixture(name), optionsFor(name)).tracker)) {
        expect(itemIdFromBody(`intro\n${markerFor(item.id)}\nrest`), item.id).toBe(item.id);
      }
    }
  });

  it.each(TRICKY)('read back the id %j', (id) => {
    expect(itemIdFromBody(markerFor(id))).toBe(id);
  });

  it('read back any string, lone surrogates included', () => {
    const id = fc.oneof(
      fc.string({ unit: CODE_POINT }),
      fc.array(PIECE).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(id, (value) => itemIdFromBody(`${markerFor(value)}\n\nBody.`) === value),
      { numRuns: runs(2000) },
    );
  });

  it('stay one comment on one line, whatever the id', () => {
    fc.assert(
      fc.property(fc.string({ unit: CODE_POINT }), (value) => {
        const marker = markerFor(value);
        return (
          /^<!-- known-issues:item=[^\s>]*? -->$/.test(marker) &&
          marker.indexOf('-->') === marker.length - 3 &&
          !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(marker)
        );
      }),
      { numRuns: runs(1000) },
    );
  });

  it('leave slugs and simple ids as they were, so existing issues keep their marker', () => {
    expect(markerFor('production-build-fails')).toBe(
      '<!-- known-issues:item=production-build-fails -->',
    );
    expect(markerFor('KI-3')).toBe('<!-- known-issues:item=KI-3 -->');
    expect(markerFor('KI 3')).toBe('<!-- known-issues:item=KI%203 -->');
  });
});

describe('IssueSnapshotFile', () => {
  it("takes the opener from GitHub's own issue JSON", () => {
    const [issue] = IssueSnapshotFile.parse([
      {
        number: 4,
        title: 'T',
        body: markerFor('KI 3'),
        state: 'open',
        labels: [],
        user: { login: 'octocat' },
      },
    ]);
    expect(issue).toMatchObject({ itemId: 'KI 3', author: 'octocat' });
  });
});
