import { describe, expect, it } from 'vitest';
import { issueTitle } from '../../src/reconcile/issue-body.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';

const titles = (text: string) => allItems(parseTracker(text).tracker).map(issueTitle);

describe('issueTitle', () => {
  it('prefixes the explicit id once, and not when the title is the id or starts with it; escapes read as a reader sees them', () => {
    const text = [
      '# Known Issues',
      '',
      '## P1',
      '',
      '### KI-7',
      '- Status: Open',
      '',
      '### KI-8: Login fails on Safari',
      '- Status: Open',
      '',
      '### KI-9: Parse \\*.md files',
      '- Status: Open',
      '',
    ].join('\n');
    const items = allItems(parseTracker(text).tracker);
    expect(items.map((i) => [i.explicitId, i.title])).toEqual([
      ['KI-7', 'KI-7'],
      ['KI-8', 'Login fails on Safari'],
      ['KI-9', 'Parse *.md files'],
    ]);
    expect(titles(text)).toEqual(['KI-7', 'KI-8: Login fails on Safari', 'KI-9: Parse *.md files']);
  });
});
