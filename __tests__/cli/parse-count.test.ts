// The plan CLI parses the whole document at most twice, whatever the number of items that
// resolve: once as read (shared by lint, the plan and the edits) and once after the edits
// (for the issue bodies). A count of work, not a timing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTracker } from '../../bench/generate.js';
import { main } from '../../src/cli.js';
import { markdownStats } from '../../src/tracker/markdown.js';

const dir = mkdtempSync(join(tmpdir(), 'parse-count-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `plan --json` in-process: the whole-document parses it made and the plan it printed. */
async function countedPlan(items: number, resolving: number) {
  const file = join(dir, `tracker-${items}-${resolving}.md`);
  writeFileSync(file, generateTracker(items, resolving));
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  const before = markdownStats.documents;
  try {
    await main(['plan', file, '--build', 'success', '--now', '2026-12-01', '--json']);
  } finally {
    process.stdout.write = write;
  }
  const parsed = JSON.parse(out) as { plan: { edits: { edit: { kind: string } }[] }; diff: string };
  return { parses: markdownStats.documents - before, ...parsed };
}

describe('whole-document parses per plan CLI run', () => {
  it.each([
    [40, 0],
    [40, 1],
    [40, 10],
    [120, 6], // 5 %
    [120, 30],
  ])('%i items, %i resolving: at most 2', async (items, resolving) => {
    const { parses, plan, diff } = await countedPlan(items, resolving);
    const moves = plan.edits.filter((e) => e.edit.kind === 'move').length;
    expect(moves).toBe(resolving);
    if (resolving) expect(diff).toContain('Recently Fixed (2026-12-01)');
    expect(parses).toBeLessThanOrEqual(resolving ? 2 : 1);
  });
});
