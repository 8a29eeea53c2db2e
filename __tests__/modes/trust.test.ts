import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentMarkerIn, itemIdFromBody, trackedBody } from '../../src/reconcile/issues.js';
import { renderSummary } from '../../src/report/summary.js';
import { allItems, parseTracker } from '../../src/tracker/index.js';
import { TOKEN } from '../support/github-client.js';
import {
  startEmulator,
  type Emulator,
  type Fault,
  type RepoHandle,
} from '../support/github-emulator.js';
import { inMarkdown, inPlainText } from '../support/github-references.js';
import { DEFAULT_SEED, propertyTimeout, runs, seed } from '../support/fast-check-setup.js';
import { evidenceOf } from '../support/simulate.js';
import { syncOnce, TRACKER } from '../support/sync.js';

let emulator: Emulator;
let n = 0;
beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
});
afterAll(() => emulator.close());

/** A fresh repository holding `tracker`. */
function fresh(tracker: string): { name: string; repo: RepoHandle } {
  const name = `acme/trust-${++n}`;
  const repo = emulator.repo(name);
  repo.pushCommit('main', { [TRACKER]: tracker }, 'Add the tracker');
  return { name, repo };
}

const SMALL = [
  '# Known Issues',
  '',
  '**Last Updated**: 2026-01-28',
  '',
  '## P0 Outstanding',
  '',
  '⚠️ **Production build fails** (Discovered 2026-01-28)',
  '   - Status: Open',
  '',
  '⚠️ **Checkout loses the cart** (Discovered 2026-01-20)',
  '',
  '## P1 Outstanding',
  '',
  '⚠️ Test coverage improvement (328 failures remaining)',
  '',
].join('\n');

/**
 * Issues, comments and the tracker as a person compares them: no times, repository names or
 * commit ids, and no line in a comment's link to the tracker when the link's text and its anchor
 * agree (a comment posted by a later run links the item's line at the commit that run read).
 */
function state(repo: RepoHandle): unknown {
  const json = JSON.stringify(snapshot(repo)).replaceAll(repo.fullName, 'REPO');
  return JSON.parse(
    json
      .replace(/\b[0-9a-f]{40}\b/g, 'OID')
      .replace(/(KNOWN_ISSUES\.md):(\d+)(`\]\([^)]*#L)\2\)/g, '$1:LINE$3LINE)'),
  );
}

function snapshot(repo: RepoHandle) {
  return {
    tracker: repo.file(TRACKER),
    issues: repo.issues.map((i) => ({
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.state_reason,
      labels: [...i.labels].sort(),
      comments: i.comments.map((c) => c.body),
    })),
  };
}

const itemsOf = (text: string) => allItems(parseTracker(text).tracker);

describe('faults on every write kind', () => {
  /** A build that fails, then passes (close), then fails again (reopen), with counts changing. */
  const PHASES = [
    evidenceOf('failure', 328),
    evidenceOf('success', 312),
    evidenceOf('failure', 300),
  ];
  const FAULTS: Fault[] = [
    { kind: 'applied-then', error: { kind: 'secondary-rate-limit', retryAfter: 1 } },
    { kind: 'applied-then', error: { kind: 'rate-limit', status: 429, resetIn: 1 } },
    { kind: 'applied-then', error: { kind: 'status', status: 502 } },
    { kind: 'lost-response' },
    { kind: 'secondary-rate-limit', retryAfter: 1 },
    { kind: 'status', status: 503 },
    { kind: 'reset' },
  ];
  const WRITES = [
    { method: 'POST', path: /^\/repos\// },
    { method: 'PATCH' },
    { operation: 'CreateCommitOnBranch' },
  ];

  /** One seed on an emulator of its own (its faults replay exactly); returns how many faults it met. */
  async function underFaults(seed: number, expected: unknown[]): Promise<number> {
    const own = await startEmulator({ token: TOKEN });
    try {
      const name = 'acme/faults';
      const repo = own.repo(name);
      repo.pushCommit('main', { [TRACKER]: SMALL }, 'Add the tracker');
      WRITES.forEach((matcher, i) =>
        own.chaos(matcher, { rate: 0.2, seed: seed * 7 + i, faults: FAULTS }),
      );
      for (const [phase, evidence] of PHASES.entries()) {
        for (let run = 1; run <= 3; run++) {
          await syncOnce(own, name, { evidence }).catch(() => undefined);
          if (JSON.stringify(state(repo)) === JSON.stringify(expected[phase])) break;
        }
        const markers = repo.issues.map((i) => itemIdFromBody(i.body));
        expect(new Set(markers).size, `seed ${seed}: a duplicate issue`).toBe(markers.length);
        expect(state(repo), `seed ${seed}, phase ${phase + 1}`).toEqual(expected[phase]);
      }
      return own.requests.filter((r) => r.fault).length;
    } finally {
      await own.close();
    }
  }

  it(
    `${runs(50)} seeds at a 20 % rate: no duplicate issue or comment, the fault-free state within 3 runs`,
    async () => {
      const { name, repo } = fresh(SMALL);
      const expected: unknown[] = [];
      for (const evidence of PHASES) {
        await syncOnce(emulator, name, { evidence });
        expected.push(state(repo));
      }
      expect(snapshot(repo).issues.map((i) => i.comments.length)).toEqual([2, 0, 0]);

      // 50 seeds at once: each run waits mostly on the client's timers, not on the CPU. The deep
      // run takes 20 times as many, from this run's fresh seed.
      const total = runs(50);
      const first = seed === DEFAULT_SEED ? 1 : seed;
      let faults = 0;
      for (let from = 0; from < total; from += 50) {
        const batch = Array.from({ length: Math.min(50, total - from) }, (_, i) =>
          underFaults(first + from + i, expected),
        );
        for (const count of await Promise.all(batch)) faults += count;
      }
      // The faults did happen (about one write in five), and the writes survived them.
      expect(faults).toBeGreaterThan(2 * total);
    },
    propertyTimeout,
  );
});

describe('two syncs at once', () => {
  it('end, with one more, with no open duplicate; the extras closed as duplicates', async () => {
    const { name, repo } = fresh(SMALL);
    const evidence = evidenceOf('failure', 328);
    await Promise.all([
      syncOnce(emulator, name, { evidence }),
      syncOnce(emulator, name, { evidence }),
    ]);
    await syncOnce(emulator, name, { evidence });

    const byItem = new Map<string, typeof repo.issues>();
    for (const issue of repo.issues) {
      const id = itemIdFromBody(issue.body)!;
      byItem.set(id, [...(byItem.get(id) ?? []), issue]);
    }
    expect(byItem.size).toBe(3);
    const tracker = itemsOf(repo.file(TRACKER)!);
    for (const [itemId, issues] of byItem) {
      const open = issues.filter((i) => i.state === 'open');
      expect(open, itemId!).toHaveLength(1);
      expect(tracker.find((i) => i.id === itemId)?.issue?.number).toBe(open[0]!.number);
      for (const extra of issues.filter((i) => i.state === 'closed')) {
        expect(extra.state_reason).toBe('duplicate');
        expect(extra.comments.at(-1)?.body).toContain(`Duplicate of #${open[0]!.number}`);
      }
    }
    // The race did happen: the test is not vacuous.
    expect(repo.issues.length).toBeGreaterThan(3);
  });
});

describe("a stranger's marked, labelled issue", () => {
  const STRANGER = {
    title: 'Production build fails',
    body: '<!-- known-issues:item=production-build-fails -->\nI made this one myself.',
    labels: ['known-issue', 'P0'],
    user: 'mallory',
  };

  it('is never linked, edited or closed; the action opens its own and names the stranger', async () => {
    const { name, repo } = fresh(SMALL);
    const theirs = repo.addIssue(STRANGER);
    const before = structuredClone(theirs);
    emulator.clearRequests();
    const first = await syncOnce(emulator, name, { evidence: evidenceOf('failure', 328) });
    // A green build resolves the item: the action closes its own issue, not the stranger's.
    const second = await syncOnce(emulator, name, { evidence: evidenceOf('success', 328) });

    expect(theirs).toEqual(before);
    expect(emulator.writes().filter((w) => w.path.endsWith(`/issues/${theirs.number}`))).toEqual(
      [],
    );
    const ours = repo.issues.find(
      (i) => i !== theirs && itemIdFromBody(i.body) === 'production-build-fails',
    )!;
    expect(ours.user).toBe('github-actions[bot]');
    expect(ours.state).toBe('closed');
    const item = itemsOf(repo.file(TRACKER)!).find((i) => i.id === 'production-build-fails')!;
    expect(item.issue?.number).toBe(ours.number);
    expect(first.strangers.map((i) => i.number)).toEqual([theirs.number]);
    expect(first.logs).toContainEqual(expect.stringMatching(/opened by mallory.*left alone/));
    const summary = renderSummary(second, { mode: 'sync', dryRun: false, trackerPath: TRACKER });
    expect(summary).toContain('### Left alone');
    expect(summary).toContain('opened by `mallory`');
  });

  it('is managed when its author is listed in trusted-authors (a migration)', async () => {
    const { name, repo } = fresh(SMALL);
    const theirs = repo.addIssue({ ...STRANGER, user: 'old-bot[bot]' });
    await syncOnce(emulator, name, {
      trustedAuthors: ['old-bot'],
      evidence: evidenceOf('failure', 328),
    });
    expect(repo.issues.filter((i) => itemIdFromBody(i.body) === 'production-build-fails')).toEqual([
      theirs,
    ]);
    expect(itemsOf(repo.file(TRACKER)!)[0]!.issue?.number).toBe(theirs.number);
  });
});

describe('an issue a person opened and /tracker track added', () => {
  it('is managed while the tracker links it; the same markers in an unlinked issue are not', async () => {
    const linked = SMALL.replace(
      '**Checkout loses the cart**',
      '**Checkout loses the cart** ([#1](https://github.com/acme/x/issues/1))',
    );
    const { name, repo } = fresh(linked);
    const body = trackedBody('The cart empties on the second page.', 'checkout-loses-the-cart');
    const tracked = repo.addIssue({
      title: 'Cart',
      body,
      labels: ['known-issue', 'P0'],
      user: 'alice',
    });
    const copy = repo.addIssue({
      title: 'Build',
      body: trackedBody('Mine.', 'production-build-fails'),
      labels: ['known-issue', 'P0'],
      user: 'mallory',
    });
    const result = await syncOnce(emulator, name, { evidence: evidenceOf('failure', 328) });
    expect(result.strangers.map((i) => i.number)).toEqual([copy.number]);
    const byItem = (id: string) => repo.issues.filter((i) => itemIdFromBody(i.body) === id);
    expect(byItem('checkout-loses-the-cart')).toEqual([tracked]);
    expect(byItem('production-build-fails').map((i) => i.user)).toEqual([
      'mallory',
      'github-actions[bot]',
    ]);
  });
});

describe('ids that need encoding', () => {
  const TABLE = [
    '# Known Issues',
    '',
    '| ID | Priority | Issue | Status |',
    '|----|----------|-------|--------|',
    '| KI 3 | P0 | Checkout loses the cart | 🔴 Open |',
    '| (a | P1 | Search ignores accents | 🔴 Open |',
    '',
  ].join('\n');

  it('with commit: false, KI 3 and (a each get one issue, however often the sync runs', async () => {
    const { name, repo } = fresh(TABLE);
    for (let run = 0; run < 3; run++) await syncOnce(emulator, name, { commit: false });
    expect(repo.issues.map((i) => itemIdFromBody(i.body)).sort()).toEqual(['(a', 'KI 3']);
    expect(repo.commits()).toHaveLength(2);
  });
});

describe('copied text is inert in everything the action writes', () => {
  const HOSTILE = [
    '# Known Issues',
    '',
    '**Last Updated**: 2026-01-28',
    '',
    '## P0 Outstanding @acme/leads',
    '',
    '⚠️ **Fixes #1: the build fails for @octocat** (Discovered 2026-01-28)',
    '   - Status: Open',
    '   - Owner: @octocat, cc @acme/security-team',
    '   - Related: other/repo#2, #1, GH-1 and https://github.com/acme/widgets/issues/1',
    '   - Closes #2 when done; resolves other/repo#2',
    '   - Repro: <script>alert(1)</script> <img src=x onerror=alert(1)>',
    '',
    '⚠️ **<script>alert(2)</script> closes #2 in preview** (Discovered 2026-01-20)',
    '   - Notes: <details><summary>x</summary>@hidden</details>',
    '',
  ].join('\n');

  it('titles, bodies, comments, commit messages and the summary: 0 mentions, 0 foreign references, 0 closing keywords, 0 raw HTML', async () => {
    const { name, repo } = fresh(HOSTILE);
    repo.addIssue({ title: 'Unrelated one' });
    repo.addIssue({ title: 'Unrelated two' });
    const reports = [
      await syncOnce(emulator, name, { evidence: evidenceOf('failure', null) }),
      await syncOnce(emulator, name, { evidence: evidenceOf('success', null) }),
      await syncOnce(emulator, name, { evidence: evidenceOf('failure', null) }),
    ];
    const ours = repo.issues.filter((i) => i.user === 'github-actions[bot]');
    expect(ours).toHaveLength(2);
    expect(ours[0]!.comments.map((c) => /:(\w+)=/.exec(commentMarkerIn(c.body)!)?.[1])).toEqual([
      'close',
      'reopen',
    ]);
    const own = new Set(ours.map((i) => `#${i.number}`));

    const found = [
      ...ours.flatMap((i) => [inPlainText(i.title), inMarkdown(i.body ?? '')]),
      ...ours.flatMap((i) => i.comments.map((c) => inMarkdown(c.body))),
      ...repo
        .commits()
        .slice(0, -1)
        .map((c) => inPlainText(c.message)),
      ...reports.map((r) =>
        inMarkdown(renderSummary(r, { mode: 'sync', dryRun: false, trackerPath: TRACKER })),
      ),
    ];
    expect(found.flatMap((f) => f.mentions)).toEqual([]);
    expect(found.flatMap((f) => f.closes)).toEqual([]);
    expect(found.flatMap((f) => f.html)).toEqual([]);
    expect(found.flatMap((f) => f.references).filter((r) => !own.has(r))).toEqual([]);
    // The tracker itself is never rewritten for this.
    expect(repo.file(TRACKER)).toContain('**Fixes #1: the build fails for @octocat**');
    expect(repo.file(TRACKER)).toContain('<script>alert(1)</script>');
  });
});
