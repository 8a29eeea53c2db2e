import type { Evidence } from '../evidence/schema.js';
import { applyEdits } from '../tracker/apply-edits.js';
import { applySplices, splicesFor } from '../tracker/edit.js';
import { parseTracker, type ParseOptions } from '../tracker/parse.js';
import { allItems, Priority, type Item, type Section, type Tracker } from '../tracker/schema.js';
import { changeEdits, type Change, type ItemChange } from './changes.js';
import type { CommandLine } from './commands.js';
import type { Config } from './config.js';
import {
  isTracked,
  trackedBody,
  TRACKED_MARKER,
  type IssueOperation,
  type IssueSnapshot,
} from './issues.js';
import { plan, wantedLabels, type Plan, type PlanContext, type PlannedEdit } from './plan.js';
import { unblockEdits, type UnblockEdit } from './unblock.js';

/** What one request came to, for the reply: done, already so, or refused and why. */
export interface Outcome {
  line: string;
  ok: boolean;
  changed: boolean;
  message: string;
  /** The reply shows the list of commands (asked for, or an unknown command). */
  help: boolean;
}

/** The plan of a comment's commands (or of a person's change to an issue), and what each came to. */
export interface ChangePlan {
  plan: Plan;
  /** The tracker as the plan's edits leave it. */
  after: string;
  outcomes: Outcome[];
  /** The item the requests are about, once known, and its title. */
  itemId: string | null;
  title: string | null;
}

/** Who asks, on which issue: the issue as GitHub has it now (managed or not). */
export interface ChangeTarget {
  issue: IssueSnapshot;
  actor: string;
}

const NO_EVIDENCE: Evidence = { build: null, tests: null, problems: [] };

/**
 * Plans a comment's commands (or a person's change to an issue) against the tracker and the
 * managed issues. Pure. The commands apply one after another, each to the tracker the previous
 * ones left; the item's issue then follows the tracker through the same `plan()` as the sync,
 * limited to that item: closed, reopened, relabelled, its body re-rendered. The comments the
 * sync would post on closing and reopening are left out: the reply says what happened.
 */
export function planChanges(
  text: string,
  issues: IssueSnapshot[],
  target: ChangeTarget,
  requests: CommandLine[],
  config: Config,
  context: PlanContext,
): ChangePlan {
  const parseOptions = { section: context.section };
  const outcomes: Outcome[] = [];
  const edits: PlannedEdit[] = [];
  let current = text;
  let issue = target.issue;
  const managed = () => issue.itemId !== null && hasLabel(issue, config.labels[0]!);
  let itemId: string | null = managed() ? issue.itemId : null;

  for (const request of requests) {
    const say = (ok: boolean, changed: boolean, message: string, help = false) =>
      outcomes.push({ line: request.line, ok, changed, message, help });
    if (request.error !== undefined) {
      say(false, false, request.error, request.help);
      continue;
    }
    const change: Change = request.command;
    if (change.kind === 'help') {
      say(true, false, 'the commands are listed below', true);
      continue;
    }
    const tracker = parseTracker(current, parseOptions).tracker;
    const found = findItem(tracker, issue, itemId);
    if (change.kind === 'track') {
      if (found) {
        itemId = found.item.id;
        if (managed()) {
          say(true, false, `#${issue.number} is already tracked as "${found.item.title}"`);
          continue;
        }
        // The tracker links the issue already (written by hand): the issue becomes managed.
        issue = markTracked(issue);
        say(true, true, `#${issue.number} is tracked as "${found.item.title}"`);
        continue;
      }
      const priority = change.priority ?? config.priorities.at(-1) ?? 'P1';
      const added = applyEdits(
        current,
        [{ kind: 'add-item', item: newItem(issue, priority, context) }],
        parseOptions,
      );
      const item = allItems(parseTracker(added, parseOptions).tracker).find(
        (i) => i.issue?.number === issue.number,
      );
      if (!item) {
        say(false, false, `#${issue.number} could not be added to ${context.tracker.path}`);
        continue;
      }
      edits.push({
        edit: { kind: 'add-item', item: newItem(issue, priority, context) },
        reason: `#${issue.number} is tracked as "${item.title}" under ${priority} (by ${target.actor})`,
      });
      current = added;
      itemId = item.id;
      issue = markTracked(issue);
      say(true, true, `#${issue.number} is tracked as "${item.title}" under ${priority}`);
      continue;
    }
    if (!managed() && itemId === null) {
      say(false, false, `#${issue.number} is not tracked; "track [P0|P1|P2|P3]" adds it`);
      continue;
    }
    if (!found) {
      say(
        false,
        false,
        `the item of #${issue.number} ("${itemId}") is no longer in ${context.tracker.path}; "track" adds it again`,
      );
      continue;
    }
    const result = changeEdits(found.item, found.section, change as ItemChange, {
      now: context.now,
      actor: target.actor,
      config,
      issuePriority: priorityLabel(issue),
    });
    if (!('edits' in result)) {
      say(false, false, result.refused);
      continue;
    }
    const next = applyEdits(
      current,
      result.edits.map((e) => e.edit),
      parseOptions,
    );
    if (next === current) {
      say(true, false, result.already);
      continue;
    }
    edits.push(...result.edits);
    current = next;
    itemId = found.item.id;
    say(true, true, result.done);
  }

  // A blocker the requests resolved frees the items it blocked, as a sync resolving it would.
  const dependents = unblockDependents(text, current, parseOptions);
  if (dependents.length) {
    current = applyEdits(
      current,
      dependents.map((e) => e.edit),
      parseOptions,
    );
    edits.push(...dependents);
    const last = outcomes.findLast((o) => o.changed);
    if (last) last.message += `; ${dependents.map((e) => e.reason).join('; ')}`;
  }

  const tracker = parseTracker(current, parseOptions).tracker;
  if (edits.length && tracker.lastUpdated && tracker.lastUpdated.date !== context.now) {
    const edit = { kind: 'set-last-updated' as const, date: context.now };
    edits.push({ edit, reason: 'the tracker changed' });
    // Only the date changes: the items read from `tracker` stay as they are.
    current = applySplices(current, splicesFor(current, tracker, edit));
  }
  // The issue follows when a request was about the item and went through (already so
  // included: an issue left open under an item resolved by hand closes then).
  const item = itemId ? allItems(tracker).find((i) => i.id === itemId) : undefined;
  const followed =
    item && outcomes.some((o) => o.ok && !o.help)
      ? followIssue(current, item, issue, issues, config, {
          ...context,
          items: [item.id, ...dependents.map((e) => e.edit.itemId)],
        })
      : { edits: [], operations: [] };
  // The plan's own edits (the issue number next to the item) ride along with a change only.
  const extra = edits.length ? followed.edits : [];
  return {
    plan: {
      edits: [...edits, ...extra],
      operations: followed.operations,
      links: [],
      notes: [],
    },
    after: extra.length
      ? applyEdits(
          current,
          extra.map((e) => e.edit),
          parseOptions,
        )
      : current,
    outcomes,
    itemId,
    title: item?.title ?? null,
  };
}

/**
 * The issue operations that make the item's issue follow the tracker as the requests left it:
 * the sync's own plan for that one item. An item whose priority the action does not manage
 * (outside `priorities`) keeps its issue as it is but for its labels.
 */
function followIssue(
  text: string,
  item: Item,
  issue: IssueSnapshot,
  issues: IssueSnapshot[],
  config: Config,
  context: PlanContext,
): { edits: PlannedEdit[]; operations: IssueOperation[] } {
  const snapshot = [...issues.filter((i) => i.number !== issue.number), issue];
  const planned = plan(text, NO_EVIDENCE, snapshot, config, context);
  const operations = planned.operations
    // A create is the sync's to make: it writes the new number into the tracker first.
    .filter((op) => op.kind !== 'create')
    .map((op) => (op.kind === 'close' || op.kind === 'reopen' ? { ...op, comment: '' } : op));
  if (item.priority && !config.priorities.includes(item.priority)) {
    const labels = wantedLabels(config, item.priority, issue.labels);
    const body = isTracked(issue) ? trackedBody(issue.body, item.id) : issue.body;
    const same =
      labels.length === issue.labels.length && labels.every((l) => issue.labels.includes(l));
    if (!same || body !== issue.body) {
      operations.push({
        kind: 'update',
        number: issue.number,
        itemId: item.id,
        ...(same ? {} : { labels }),
        ...(body !== issue.body ? { body } : {}),
        reason: `"${item.title}" is ${item.priority}`,
      });
    }
  }
  return { edits: planned.edits, operations };
}

/** The unblocking edits for items whose blockers the change from `before` to `after` resolved. */
function unblockDependents(before: string, after: string, options: ParseOptions): UnblockEdit[] {
  const statuses = (text: string) =>
    new Map(allItems(parseTracker(text, options).tracker).map((i) => [i.id, i.status]));
  const items = allItems(parseTracker(after, options).tracker);
  return unblockEdits(items, statuses(before), statuses(after));
}

/** The item an issue tracks: by the id in its marker, else by the issue number written next to it. */
function findItem(
  tracker: Tracker,
  issue: IssueSnapshot,
  itemId: string | null,
): { item: Item; section: Section } | null {
  for (const match of [
    (i: Item) => itemId !== null && i.id === itemId,
    (i: Item) => i.issue?.number === issue.number,
  ]) {
    for (const section of tracker.sections) {
      const item = section.items.find(match);
      if (item) return { item, section };
    }
  }
  return null;
}

function newItem(issue: IssueSnapshot, priority: Priority, context: PlanContext) {
  return {
    title: issue.title,
    priority,
    issue: {
      number: issue.number,
      ...(issue.url
        ? { url: issue.url }
        : context.issuesUrl
          ? { url: `${context.issuesUrl}/${issue.number}` }
          : {}),
    },
    date: context.now,
  };
}

/** From now on the issue is tracked: its title and description stay the person's. */
function markTracked(issue: IssueSnapshot): IssueSnapshot {
  return isTracked(issue) ? issue : { ...issue, body: `${issue.body}\n\n${TRACKED_MARKER}` };
}

function hasLabel(issue: IssueSnapshot, label: string): boolean {
  return issue.labels.some((l) => l.toLowerCase() === label.toLowerCase());
}

function priorityLabel(issue: IssueSnapshot): Priority | null {
  const label = issue.labels.find((l) => Priority.safeParse(l).success);
  return label ? (label as Priority) : null;
}
