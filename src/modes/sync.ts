import type { Evidence } from '../evidence/schema.js';
import { withClosers, withReopeners } from '../github/conversation.js';
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
 * person closed or reopened by hand resolves or reopens its item instead of being undone.
 */
export async function sync(options: SyncOptions): Promise<SyncResult> {
  const { config } = options;
  const section = options.section || undefined;
  return runPipeline({
    ...options,
    plan: async ({ text, issues, tracker, issuesUrl, trackerChangedAt }) => {
      const people = await whoChanged(options, section, text, issues);
      return {
        plan: makePlan(text, options.evidence, people.issues, config, {
          section,
          now: options.now,
          tracker,
          runUrl: options.runUrl,
          issuesUrl,
          ...(people.identity ? { isAction: (login) => sameLogin(login, people.identity!) } : {}),
          ...(trackerChangedAt ? { trackerChangedAt } : {}),
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
 * Who changed an issue against its item by hand (usually nobody): who closed the closed issues
 * whose items the tracker lists as open (the single-issue GET says), and who reopened the open
 * issues whose items it lists as resolved (the issue's events say). The action's identity tells
 * a person from the action.
 */
async function whoChanged(
  { client, repo }: Pick<SyncOptions, 'client' | 'repo'>,
  section: string | undefined,
  text: string,
  issues: IssueSnapshot[],
): Promise<{ issues: IssueSnapshot[]; identity: string | null }> {
  const managed = issues.filter((i) => i.itemId !== null);
  if (!managed.length) return { issues, identity: null };
  const statusOf = new Map(
    allItems(parseTracker(text, { section }).tracker).map((i) => [i.id, i.status]),
  );
  const open = (i: IssueSnapshot) => {
    const status = statusOf.get(i.itemId!);
    return status === undefined ? null : isOpenStatus(status);
  };
  const closedAgainst = (i: IssueSnapshot) => i.state === 'closed' && open(i) === true;
  const reopenedAgainst = (i: IssueSnapshot) => i.state === 'open' && open(i) === false;
  if (!managed.some((i) => closedAgainst(i) || reopenedAgainst(i)))
    return { issues, identity: null };
  const closers = await withClosers(client, repo, issues, closedAgainst);
  return {
    issues: await withReopeners(client, repo, closers, reopenedAgainst),
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
