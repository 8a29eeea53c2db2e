import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/modes/load.js';
import { Config, defaultConfig, parseCheck } from '../../src/reconcile/config.js';
import { renderIssueBody, MAX_BODY } from '../../src/reconcile/issue-body.js';
import { linkItem } from '../../src/reconcile/links.js';
import { plan } from '../../src/reconcile/plan.js';
import { judge } from '../../src/reconcile/verdict.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { context, evidenceOf } from '../support/simulate.js';

const tracker = `# Issues

## P1 Outstanding

⚠️ **Login flakes** (Discovered 2026-02-01)
   - Check: tests auth/*.test.ts
   - Impact: users retry

⚠️ **Docs site is slow**
⚠️ **Checkout broken on Safari**
⚠️ **CI build is red on main**
`;

const item = (id: string, text = tracker) =>
  allItems(parseTracker(text).tracker).find((i) => i.id === id)!;

describe('links from items to evidence', () => {
  it('reads a Check field first, with its reason', () => {
    const link = linkItem(item('login-flakes'), defaultConfig());
    expect(link).toMatchObject({
      source: 'field',
      check: { kind: 'tests', select: [{ kind: 'files', pattern: 'auth/*.test.ts' }] },
    });
    expect(link?.reason).toBe('its Check field says "tests auth/*.test.ts"');
  });

  it('then the config, by slug or explicit id', () => {
    const config = Config.parse({ checks: { 'docs-site-is-slow': 'build' } });
    expect(linkItem(item('docs-site-is-slow'), config)).toMatchObject({
      source: 'config',
      check: { kind: 'build' },
    });
  });

  it('then conservative heuristics, which can be turned off', () => {
    expect(linkItem(item('ci-build-is-red-on-main'), defaultConfig())).toMatchObject({
      source: 'heuristic',
      check: { kind: 'build' },
    });
    expect(linkItem(item('checkout-broken-on-safari'), defaultConfig())).toBeNull();
    expect(
      linkItem(item('ci-build-is-red-on-main'), Config.parse({ heuristics: false })),
    ).toBeNull();
  });

  it('a glob check passes only when no failing test matches it', () => {
    const evidence = evidenceOf(null, 0);
    const tests = evidence.tests!.files[0]!.tests;
    tests.push({ ...tests[0]!, name: 'retries', file: 'auth/login.test.ts', status: 'failed' });
    tests.push({ ...tests[0]!, name: 'totals', file: 'cart/cart.test.ts' });
    const check = (pattern: string) =>
      judge({ kind: 'tests', select: [{ kind: 'files', pattern }] }, evidence);
    expect(check('auth/*.test.ts').state).toBe('fail');
    expect(check('cart/*.test.ts').state).toBe('pass');
  });

  it('parses check names and rejects others', () => {
    expect(parseCheck('build')).toEqual({ kind: 'build' });
    expect(parseCheck('`tests`')).toEqual({ kind: 'tests', select: [] });
    expect(parseCheck('deploy')).toBeNull();
  });

  it('the plan shows every link with its reason and verdict', () => {
    const evidence = evidenceOf('success', 0);
    const result = plan(tracker, evidence, [], defaultConfig(), context);
    expect(result.links.map((l) => [l.itemId, l.source, l.verdict.state])).toEqual([
      // No test of the evidence is under auth/: that is no pass.
      ['login-flakes', 'field', 'unknown'],
      ['ci-build-is-red-on-main', 'heuristic', 'pass'],
    ]);
    expect(result.links[0]?.verdict.summary).toBe('no test matched `auth/*.test.ts`');
  });
});

describe('.github/known-issues.yml', () => {
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ki-config-')), 'known-issues.yml');
    writeFileSync(file, text);
    return file;
  };

  it('is optional: a missing file gives the defaults', async () => {
    expect(await loadConfig('/no/such/known-issues.yml', false)).toEqual(defaultConfig());
  });

  it('names the file and the key of a bad value', async () => {
    await expect(loadConfig(write('checks:\n  KI-3: deploy\n'), true)).rejects.toThrow(
      /known-issues\.yml: checks\.KI-3: expected "build", "tests" or "tests <glob \| "name" \| file::name>", got "deploy"/,
    );
    await expect(loadConfig(write('resolved: delete\n'), true)).rejects.toThrow(
      /known-issues\.yml: resolved:/,
    );
    await expect(loadConfig(write('surprise: 1\n'), true)).rejects.toThrow(
      /known-issues\.yml: \(root\): Unrecognized key/,
    );
  });

  it('names the line of invalid YAML', async () => {
    await expect(loadConfig(write('checks:\n  a: [\n'), true)).rejects.toThrow(
      /known-issues\.yml:\d+: invalid YAML/,
    );
  });

  it('`resolved: mark` resolves in place', () => {
    const result = plan(
      tracker,
      evidenceOf('success', 0),
      [],
      Config.parse({ resolved: 'mark' }),
      context,
    );
    expect(result.edits.map((e) => e.edit.kind)).not.toContain('move');
  });
});

describe('issue bodies', () => {
  it('link the tracker file, carry no line number, and stay within GitHub’s 65,536 characters', () => {
    const huge = tracker.replace('   - Impact: users retry', `   - Impact: ${'x'.repeat(100_000)}`);
    const t = parseTracker(huge).tracker;
    const section = t.sections[0]!;
    const body = renderIssueBody(section.items[0]!, section, null, {
      path: 'docs/KNOWN_ISSUES.md',
      blobUrl: 'https://github.com/o/r/blob/main/docs/KNOWN_ISSUES.md',
    });
    expect(body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(body).toContain(
      '**Tracker:** [`docs/KNOWN_ISSUES.md`](https://github.com/o/r/blob/main/docs/KNOWN_ISSUES.md)',
    );
    expect(body).not.toMatch(/#L\d|line \d/);
    expect(body).toContain('truncated');
  });

  it('stay the same when lines are added above the item', () => {
    const render = (text: string) => {
      const section = parseTracker(text).tracker.sections[0]!;
      return renderIssueBody(section.items[0]!, section, null, { path: 'KNOWN_ISSUES.md' });
    };
    const moved = tracker.replace(/^(## .*)$/m, '$1\n\nA new paragraph.\n\nAnd another one.');
    expect(moved).not.toBe(tracker);
    expect(render(moved)).toBe(render(tracker));
  });
});
