import { actionIdentity, sameLogin } from '../github/identity.js';
import type { Change } from '../reconcile/changes.js';
import { planChanges, type ChangePlan } from '../reconcile/command-plan.js';
import { inertPlain } from '../reconcile/inert.js';
import { Priority } from '../tracker/schema.js';
import type { IssueEvent } from './mode.js';
import { runPipeline, type PipelineBase, type PipelineResult } from './pipeline.js';

/** A person's change to an issue, and what the tracker makes of it. */
export interface IssueEventOptions extends PipelineBase {
  event: IssueEvent;
  now: string;
  runUrl?: string;
}

export type IssueEventResult =
  { kind: 'ignored'; why: string } | { kind: 'followed'; result: PipelineResult<ChangePlan> };

/**
 * The issue-event mode: when a person closes a managed issue (as not planned: won't fix),
 * reopens it, or changes its priority label, the item follows through the same pipeline as a
 * command, and the commit names the issue and the person. Events the action caused itself
 * change nothing, so nothing loops.
 */
export async function issueEvent(options: IssueEventOptions): Promise<IssueEventResult> {
  const { event, client, config } = options;
  const change = changeOf(event);
  if (!change)
    return { kind: 'ignored', why: `${describe(event)} is not a change the tracker follows` };
  const identity = await actionIdentity(client);
  if (sameLogin(event.sender.login, identity))
    return { kind: 'ignored', why: 'the action caused this event itself' };

  let managed = true;
  const result = await runPipeline({
    ...options,
    identity,
    issuesAfterCommit: true,
    plan: async ({ text, issues, tracker, issuesUrl }) => {
      const issue = issues.find((i) => i.number === event.issueNumber);
      if (!issue?.itemId) {
        managed = false;
        return emptyPlan(text);
      }
      return planChanges(
        text,
        issues,
        { issue, actor: event.sender.login },
        [{ line: describe(event), command: change }],
        config,
        {
          now: options.now,
          tracker,
          issuesUrl,
          runUrl: options.runUrl,
          section: options.section || undefined,
        },
      );
    },
    message: (planned) => ({
      headline: `docs(known-issues): ${change.kind}${planned.title ? ` "${inertPlain(planned.title)}"` : ''} (${describe(event)})`,
      body: [...new Set(planned.plan.edits.map((e) => `- ${inertPlain(e.reason)}`))].join('\n'),
    }),
  });
  if (!managed) return { kind: 'ignored', why: `#${event.issueNumber} is not a managed issue` };
  return { kind: 'followed', result };
}

/** What the event asks of the item, if anything: a priority label is a priority. */
function changeOf(event: IssueEvent): Change | null {
  const closedAs = event.stateReason === 'not_planned' || event.stateReason === 'duplicate';
  switch (event.action) {
    case 'closed':
      return {
        kind: 'resolve',
        status: closedAs ? 'wont_fix' : 'resolved',
        note: `closed #${event.issueNumber}${closedAs ? ' as not planned' : ''}`,
      };
    case 'reopened':
      return { kind: 'reopen', note: `reopened #${event.issueNumber}` };
    case 'labeled': {
      const priority = Priority.safeParse(event.label);
      return priority.success ? { kind: 'priority', priority: priority.data } : null;
    }
    case 'unlabeled': {
      // Taking a priority label off moves the item only when exactly one other is left.
      if (!Priority.safeParse(event.label).success) return null;
      const left = event.labels.filter((l) => Priority.safeParse(l).success);
      return left.length === 1 ? { kind: 'priority', priority: left[0] as Priority } : null;
    }
  }
}

/** `#4 closed by octocat`: the issue and the person, as plain text (no @mention). */
function describe(event: IssueEvent): string {
  const what = event.label ? `${event.action} ${event.label}` : event.action;
  return `#${event.issueNumber} ${what} by ${event.sender.login}`;
}

function emptyPlan(text: string): ChangePlan {
  return {
    after: text,
    plan: { edits: [], operations: [], links: [], notes: [] },
    outcomes: [],
    itemId: null,
    title: null,
  };
}
