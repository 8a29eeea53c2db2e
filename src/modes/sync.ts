import type { Evidence } from '../evidence/schema.js';
import { withClosers, withIssueEvents } from '../github/conversation.js';
import { actionIdentity, sameLogin } from '../github/identity.js';
import { inertPlain } from '../reconcile/inert.js';
import type { IssueSnapshot } from '../reconcile/issues.js';
import { plan as makePlan, type Plan } from '../reconcile/plan.js';
import { allItems, isOpenStatus, parseTracker, Priority } from '../tracker/index.js';
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
 * person closed, reopened or relabelled by hand changes its item instead of being undone.
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
 * whose items the tracker lists as open (the single-issue GET says), and who reopened or
 * relabelled the open issues whose items it lists as resolved or at another priority (the
 * issue's events say). The action's identity tells a person from the action.
 */
async function whoChanged(
  { client, repo }: Pick<SyncOptions, 'client' | 'repo'>,
  section: string | undefined,
  text: string,
  issues: IssueSnapshot[],
): Promise<{ issues: IssueSnapshot[]; identity: string | null }> {
  if (!issues.some((i) => i.itemId !== null)) return { issues, identity: null };
  const itemOf = new Map(allItems(parseTracker(text, { section }).tracker).map((i) => [i.id, i]));
  const closedAgainst = (i: IssueSnapshot) => {
    const item = itemOf.get(i.itemId ?? '');
    return i.state === 'closed' && item !== undefined && isOpenStatus(item.status);
  };
  const openAgainst = (i: IssueSnapshot) => {
    const item = itemOf.get(i.itemId ?? '');
    if (i.state !== 'open' || !item) return false;
    if (!isOpenStatus(item.status)) return true;
    return i.labels.some((l) => Priority.safeParse(l).success && l !== item.priority);
  };
  if (!issues.some((i) => closedAgainst(i) || openAgainst(i))) return { issues, identity: null };
  const closers = await withClosers(client, repo, issues, closedAgainst);
  return {
    issues: await withIssueEvents(client, repo, closers, openAgainst),
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
