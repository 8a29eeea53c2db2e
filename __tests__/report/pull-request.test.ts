import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../src/evidence/schema.js';
import { compareTrackers } from '../../src/reconcile/tracker-changes.js';
import {
  MAX_LISTED,
  pullRequestMarker,
  renderPullRequestComment,
  type PullRequestReport,
} from '../../src/report/pull-request.js';

const failing = (name: string, message: string): TestCase => ({
  name,
  suite: ['cart'],
  file: 'src/cart.test.ts',
  status: 'failed',
  duration: 0,
  message,
  retries: 0,
  flaky: false,
});

const base = `## P1 Outstanding\n\n⚠️ **Slow checkout**\n`;
const report = (overrides: Partial<PullRequestReport> = {}): PullRequestReport => ({
  trackerPath: 'docs/KNOWN_ISSUES.md',
  headSha: 'abcdef0'.padEnd(40, '1'),
  verdict: { failed: false, reasons: [] },
  coverage: { known: [], new: [], appearsFixed: [] },
  items: {},
  changes: compareTrackers(base, base),
  merge: { edits: [], operations: [], links: [], notes: [] },
  ...overrides,
});

describe('the pull-request comment', () => {
  it('starts with its hidden marker and says nothing that changes by itself between runs', () => {
    const text = renderPullRequestComment(report());
    expect(text.startsWith(`${pullRequestMarker('docs/KNOWN_ISSUES.md')}\n`)).toBe(true);
    expect(text).toBe(renderPullRequestComment(report()));
    expect(text).toContain('No item changed.');
    expect(text).toContain('Do nothing: the tracker and its issues agree.');
    expect(text).not.toMatch(/actions\/runs|\d{4}-\d\d-\d\dT/);
  });

  it('text from tests and the tracker is inert: no mention, no reference, no raw HTML', () => {
    const test = failing('@octocat fixes #12', '<img src=x onerror=alert(1)> see owner/repo#3');
    const head = `${base}⚠️ **@team closes #4 <b>now</b>**\n`;
    const text = renderPullRequestComment(
      report({
        coverage: { known: [], new: [{ id: 'x', test }], appearsFixed: [] },
        changes: compareTrackers(base, head),
      }),
    );
    // Test names are code; copied text has its mentions and references as code, HTML escaped.
    expect(text).toContain('| `cart > @octocat fixes #12` |');
    for (const token of ['owner/repo#3', '@team', '#4']) expect(text).toContain(`\`${token}\``);
    expect(text).toContain('\\<img src=x onerror=alert(1)>');
    expect(text).toContain('\\<b>now\\</b>');
  });

  it('long lists are cut, with how many more there are', () => {
    const many = Array.from({ length: MAX_LISTED + 5 }, (_, i) => ({
      id: `t${i}`,
      test: failing(`case ${i}`, 'x'.repeat(1000)),
    }));
    const text = renderPullRequestComment(
      report({ coverage: { known: [], new: many, appearsFixed: [] } }),
    );
    expect(text).toContain(`### New failures (${MAX_LISTED + 5})`);
    expect(text).toContain('… and 5 more');
    expect(text).not.toContain('x'.repeat(300));
  });
});
