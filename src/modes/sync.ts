import type { Evidence } from '../evidence/schema.js';
import { withClosers } from '../github/conversation.js';
import { actionIdentity, sameLogin } from '../github/identity.js';
import { inertPlain } from '../reconcile/inert.js';
import type { IssueSnapshot } from '../reconcile/issues.js';
import { plan as makePlan, type Plan } from '../reconcile/plan.js';
import { allItems, isOpenStatus, parseTracker } from '../tracker/index.js';
import type { ApplyResult } from './apply.js';
import { runPipeline, type PipelineBase, type PipelineResult, type Planned } from './pipeline.js';

/** Everything a sync needs, resolved by the entry point. */
export interface SyncOptions extends PipelineBase {
  evidence: Evidence;
  now: string;
  runUrl?: string;
}

/** What a sync did, for outputs and the job summary. */
export type SyncResult = PipelineResult<Planned>;

/**
 * The sync: the tracker follows the evidence, the issues follow the tracker, and an issue a
 * person closed by hand resolves its item instead of being reopened.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { config } = options;
  const section = options.section || undefined;
  return runPipeline({
    ...options,
    plan: async ({ text, issues, tracker, issuesUrl }) => {
      const people = await whoClosed(options, section, text, issues);
      return {
        plan: makePlan(text, options.evidence, people.issues, config, {
          section,
          now: options.now,
          tracker,
          runUrl: options.runUrl,
          issuesUrl,
          ...(people.identity ? { isAction: (login) => sameLogin(login, people.identity!) } : {}),
        }),
      };
    },
    message: (planned, applied) => ({
      headline: inertPlain(`docs(known-issues): sync ${options.trackerPath}`),
      body: commitBody(planned.plan, applied),
    }),
  });
}

/**
 * Who closed the closed issues whose items the tracker still lists as open (usually none): the
 * single-issue GET says, and the action's identity tells a person from the action.
 */
async function whoClosed(
  { client, repo }: Pick<SyncOptions, 'client' | 'repo'>,
  section: string | undefined,
  text: string,
  issues: IssueSnapshot[],
): Promise<{ issues: IssueSnapshot[]; identity: string | null }> {
  // Most runs have no closed issue at all: no need to parse the tracker for them.
  if (!issues.some((i) => i.state === 'closed' && i.itemId !== null)) {
    return { issues, identity: null };
  }
  const open = new Set(
    allItems(parseTracker(text, { section }).tracker)
      .filter((i) => isOpenStatus(i.status))
      .map((i) => i.id),
  );
  const wanted = (i: IssueSnapshot) => i.itemId !== null && open.has(i.itemId);
  if (!issues.some((i) => i.state === 'closed' && wanted(i))) return { issues, identity: null };
  return {
    issues: await withClosers(client, repo, issues, wanted),
    identity: await actionIdentity(client),
  };
}

/**
 * The commit message body: one line per change, so `git log` explains the commit. Titles and
 * reasons are inert (a title "Fixes #1" must not close #1 from the default branch); the one
 * reference left is to the item's own issue.
 */
export function commitBody(plan: Plan, applied: ApplyResult): string {
  const lines = plan.edits.map((e) => `- ${inertPlain(e.reason)}`);
  for (const a of applied.applied) {
    if (a.op.kind === 'create' && a.number)
      lines.push(`- "${inertPlain(a.op.title)}" is tracked by #${a.number}`);
  }
  return [...new Set(lines)].join('\n');
}
