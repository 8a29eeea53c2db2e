import { describe, expect, it } from 'vitest';
import {
  commandLines,
  newCommandLines,
  parseCommand,
  readComment,
} from '../../src/reconcile/commands.js';

const P = '/tracker';

describe('commandLines: a comment read as markdown', () => {
  it('finds each command at the start of its own line, several per comment', () => {
    const body = [
      'Thanks, looking into it.',
      '/tracker block waiting on vendor',
      '',
      '/tracker note asked them on Monday',
      'and this line is not a command /tracker resolve',
    ].join('\r\n');
    expect(commandLines(body, P)).toEqual([
      '/tracker block waiting on vendor',
      '/tracker note asked them on Monday',
    ]);
  });

  it('ignores code, block quotes and HTML comments: quoting a command runs nothing', () => {
    const body = [
      '> /tracker resolve',
      '',
      '```',
      '/tracker resolve',
      '```',
      '',
      '    /tracker resolve',
      '',
      '`/tracker resolve`',
      '',
      '<!-- /tracker resolve -->',
      '',
      'text <!--',
      '/tracker resolve',
      '-->',
      '',
      '> quoted help:',
      '> ```text',
      '> /tracker resolve [note]',
      '> ```',
    ].join('\n');
    expect(commandLines(body, P)).toEqual([]);
  });

  it('reads commands in list items, after inline code on an earlier line, in any case', () => {
    const body = [
      '- /tracker resolve',
      '- [ ] /TRACKER note x',
      'see `code`',
      '/tracker unblock',
    ].join('\n');
    expect(commandLines(body, P)).toEqual([
      '/tracker resolve',
      '/TRACKER note x',
      '/tracker unblock',
    ]);
  });

  it('the prefix is a whole word and comes from the input', () => {
    expect(commandLines('/trackers resolve\n/tracker-x resolve', P)).toEqual([]);
    expect(commandLines('/ki resolve', '/ki')).toEqual(['/ki resolve']);
  });
});

describe('parseCommand', () => {
  it.each([
    [
      '/tracker resolve fixed upstream',
      { kind: 'resolve', status: 'resolved', note: 'fixed upstream' },
    ],
    ['/tracker resolve', { kind: 'resolve', status: 'resolved', note: '' }],
    ['/tracker reopen', { kind: 'reopen', note: '' }],
    ['/tracker block waiting on vendor', { kind: 'block', reason: 'waiting on vendor' }],
    ['/tracker unblock', { kind: 'unblock', note: '' }],
    ['/tracker priority p2', { kind: 'priority', priority: 'P2' }],
    ['/tracker status In progress: bisecting', { kind: 'status', text: 'In progress: bisecting' }],
    ['/tracker note see `logs`', { kind: 'note', text: 'see `logs`' }],
    ['/tracker track', { kind: 'track', priority: null }],
    ['/tracker track P1', { kind: 'track', priority: 'P1' }],
    ['/tracker help', { kind: 'help' }],
    ['/tracker', { kind: 'help' }],
    ['/Tracker RESOLVE', { kind: 'resolve', status: 'resolved', note: '' }],
  ])('%s', (line, command) => {
    expect(parseCommand(line, P)).toEqual({ line, command });
  });

  it.each([
    ['/tracker resolv', 'unknown command "resolv"; did you mean "resolve"?', true],
    ['/tracker frobnicate', 'unknown command "frobnicate"', true],
    ['/tracker block', '"block" needs a reason: /tracker block <reason>', false],
    [
      '/tracker priority',
      '"priority" needs one of P0, P1, P2, P3: /tracker priority <P0|P1|P2|P3>',
      false,
    ],
    ['/tracker priority P9', 'unknown priority "P9"; expected one of P0, P1, P2, P3', false],
    [
      '/tracker track high',
      'unknown priority "high"; expected one of P0, P1, P2, P3, or none',
      false,
    ],
    ['/tracker note', '"note" needs a text: /tracker note <text>', false],
    [
      `/tracker note ${'x'.repeat(301)}`,
      '"note" takes at most 300 characters after the command',
      false,
    ],
  ])('%s: a clear error', (line, error, help) => {
    expect(parseCommand(line, P)).toEqual({ line, error, help });
  });
});

describe('newCommandLines: an edited comment', () => {
  it('runs only the commands the previous body did not have', () => {
    const before = '/tracker block waiting on vendor';
    const after = '/tracker block waiting on vendor\n/tracker note vendor answered';
    expect(newCommandLines(after, before, P)).toEqual([
      { line: '/tracker note vendor answered', command: { kind: 'note', text: 'vendor answered' } },
    ]);
  });

  it('a command repeated in the edit runs once more; an unchanged comment runs nothing', () => {
    const once = '/tracker note a';
    expect(newCommandLines(once, once, P)).toEqual([]);
    expect(newCommandLines(`${once}\n${once}`, once, P)).toHaveLength(1);
    expect(readComment(`${once}\n${once}`, P)).toHaveLength(2);
  });
});
