import type { Evidence } from '../evidence/schema.js';
import { applyEdits } from '../tracker/apply-edits.js';
import type { MoveTarget, TrackerEdit } from '../tracker/edit.js';
import { parseTracker, type ParseOptions } from '../tracker/parse.js';
import {
  allItems,
  isOpenStatus,
  type Item,
  type Priority,
  type Section,
  STATUS_LABEL,
  type Status,
} from '../tracker/schema.js';
import { isStatusKey } from '../tracker/vocabulary.js';
import { changeEdits } from './changes.js';
import type { Config } from './config.js';
import { classifyFailures, type FailureCoverage } from './failures.js';
import { inertMarkdown } from './inert.js';
import { issueTitle, renderIssueBody, type TrackerLocation } from './issue-body.js';
import { isTracked, trackedBody, type IssueOperation, type IssueSnapshot } from './issues.js';
import { linkItem, type EvidenceLink } from './links.js';
import { code, link as linkTo, paragraph, renderMarkdown, text } from './markdown.js';
import { unblockEdits } from './unblock.js';
import { judge, type Verdict } from './verdict.js';

/** A tracker edit and why the plan makes it. */
export interface PlannedEdit {
  edit: TrackerEdit;
  reason: string;
}

/** An item's link to evidence and what the evidence said. */
export interface JudgedLink extends EvidenceLink {
  verdict: Verdict;
}

/** Everything a run would change, with reasons: what dry-run prints and apply executes. */
export interface Plan {
  edits: PlannedEdit[];
  operations: IssueOperation[];
  links: JudgedLink[];
  /** Things noticed and deliberately left alone. */
  notes: string[];
  /** Failing tests known (covered by an open item) and new, and items that appear fixed. */
  failures?: FailureCoverage;
  /**
   * The tracker after the plan's first `edits` edits (all but the issue links it adds last),
   * which the plan read its issues from: `trackerAfter` goes on from there.
   */
  edited?: { text: string; edits: number };
}

/**
 * The tracker after `edits`, which begin with the plan's own (and may add the issue links of
 * issues created since): the text the plan already edited is taken up, not edited again.
 */
export function trackerAfter(
  text: string,
  plan: Plan,
  edits: TrackerEdit[],
  options: ParseOptions = {},
): string {
  const from = plan.edited ?? { text, edits: 0 };
  return applyEdits(from.text, edits.slice(from.edits), options);
}

/** What the plan may know about where it runs; nothing here is read from the environment. */
export interface PlanContext {
  /** Today, as YYYY-MM-DD: dates new sections and Last Updated. */
  now: string;
  tracker: TrackerLocation;
  /** The workflow run, linked from closing comments. */
  runUrl?: string;
  /** `https://github.com/o/r/issues`, for links written into the tracker. */
  issuesUrl?: string;
  /** Read only the section under this heading. */
  section?: string;
  /** Plan the issues of these items only (a command or an issue event touches one item). */
  items?: string[];
  /**
   * Whether a login is the action's own identity. Given, an issue closed by anyone else while
   * its item is open resolves the item (see `closedByPerson`) instead of being reopened.
   */
  isAction?: (login: string) => boolean;
  /**
   * When the tracker last changed. Given (with `isAction`), an issue a person reopened after it
   * reopens its resolved item (see `reopenedByPerson`) instead of being closed again.
   */
  trackerChangedAt?: string;
}

const EDIT_ORDER: TrackerEdit['kind'][] = [
  'replace-text',
  'set-status',
  'set-field',
  'set-issue',
  'move',
  'set-last-updated',
];

/**
 * Plans the tracker edits and issue operations that make the tracker and its issues agree
 * with the evidence. Pure: the same inputs give the same plan, and planning again after
 * applying a plan gives an empty one.
 */
export function plan(
  text: string,
  evidence: Evidence,
  issues: IssueSnapshot[],
  config: Config,
  context: PlanContext,
): Plan {
  const parseOptions = { section: context.section };
  const { tracker } = parseTracker(text, parseOptions);
  const items = allItems(tracker);
  const sectionOf = new Map<Item, Section>();
  for (const section of tracker.sections)
    for (const item of section.items) sectionOf.set(item, section);

  const edits: PlannedEdit[] = [];
  const notes: string[] = [];
  const links: JudgedLink[] = [];
  const finalStatus = new Map<string, Status>(items.map((i) => [i.id, i.status]));
  const finalPriority = new Map<string, Priority | null>(items.map((i) => [i.id, i.priority]));
  const issuesByItem = groupIssues(issues);
  const inScope = (id: string) => !context.items || context.items.includes(id);

  for (const item of items) {
    const link = linkItem(item, config);
    if (!link) continue;
    const verdict = judge(link.check, evidence);
    links.push({ ...link, verdict });
    if (verdict.state === 'unknown') continue;

    if (
      link.count &&
      verdict.failures !== null &&
      verdict.failures > 0 &&
      verdict.failures !== link.count.value
    ) {
      edits.push({
        edit: {
          kind: 'replace-text',
          itemId: item.id,
          find: link.count.text,
          replace: link.count.text.replace(/^\d[\d,]*/, String(verdict.failures)),
        },
        reason: `"${item.title}": ${verdict.summary}`,
      });
    }
    if (verdict.state === 'pass' && isOpenStatus(item.status)) {
      edits.push(
        ...transitionEdits(
          item,
          resolution(item, sectionOf.get(item)!, verdict, config, context.now),
        ),
      );
      finalStatus.set(item.id, 'resolved');
    } else if (verdict.state === 'fail' && item.status === 'resolved') {
      const priority = item.priority ?? priorityFromLabels(issuesByItem.get(item.id)?.[0]);
      const change = regression(item, sectionOf.get(item)!, verdict, priority, config, context.now);
      edits.push(...transitionEdits(item, change));
      finalStatus.set(item.id, 'open');
      finalPriority.set(item.id, priority);
    }
  }

  const linkOf = new Map(links.map((l) => [l.itemId, l]));

  // The sync never fights a person. An issue someone closed by hand resolves its open item,
  // unless the evidence says it is still broken (then the issue is reopened, saying so); one
  // reopened or relabelled by hand since the tracker last changed reopens or moves its item,
  // unless the evidence says a reopened item is fixed.
  for (const item of items) {
    if (!inScope(item.id)) continue;
    const group = issuesByItem.get(item.id);
    const verdict = linkOf.get(item.id)?.verdict.state;
    const person = isOpenStatus(finalStatus.get(item.id)!)
      ? (verdict !== 'fail' && closedByPerson(group, context)) ||
        relabeledByPerson(group, item.priority, context)
      : verdict !== 'pass'
        ? reopenedByPerson(group, context)
        : null;
    if (!person) continue;
    const change = changeEdits(item, sectionOf.get(item)!, person.change, {
      now: context.now,
      actor: person.by,
      config,
      issuePriority: priorityFromLabels(group?.[0]),
    });
    if (!('edits' in change)) continue;
    edits.push(...change.edits);
    if (person.change.kind === 'priority') finalPriority.set(item.id, person.change.priority);
    else finalStatus.set(item.id, person.change.kind === 'reopen' ? 'open' : person.change.status);
  }

  const before = new Map(items.map((i) => [i.id, i.status]));
  edits.push(...unblockEdits(items, before, finalStatus));

  // Grouped by kind, moves last: applyEdits splices each group from one parse (it parses again
  // only when an item comes up a second time, or after a move). Each item keeps its own order.
  edits.sort((a, b) => EDIT_ORDER.indexOf(a.edit.kind) - EDIT_ORDER.indexOf(b.edit.kind));
  if (edits.length && tracker.lastUpdated && tracker.lastUpdated.date !== context.now) {
    edits.push({
      edit: { kind: 'set-last-updated', date: context.now },
      reason: 'the tracker changed',
    });
  }

  // Issues follow the tracker as it will be after the edits: bodies quote its lines.
  const edited = {
    text: edits.length
      ? applyEdits(
          text,
          edits.map((e) => e.edit),
          parseOptions,
        )
      : text,
    edits: edits.length,
  };
  const after = edits.length ? parseTracker(edited.text, parseOptions).tracker : tracker;
  const operations: IssueOperation[] = [];
  const managed = new Set<string>();
  // Comments link an item's line in the text this plan read, at the commit it was read from.
  const lineRead = new Map(items.map((i) => [i.id, i.range.start.line]));
  const itemIds = new Set(allItems(after).map((i) => i.id));
  for (const section of after.sections) {
    for (const item of section.items) {
      // An item moved to a fixed section (here or by hand) keeps its issue's priority.
      const priority =
        item.priority ??
        finalPriority.get(item.id) ??
        priorityFromLabels(issuesByItem.get(item.id)?.[0]);
      if (!priority || !config.priorities.includes(priority) || managed.has(item.id)) continue;
      if (!inScope(item.id)) continue;
      managed.add(item.id);
      const planned = { ...item, priority };
      const link = linkOf.get(item.id) ?? null;
      const group = issuesByItem.get(item.id) ?? [];
      const existing = pickIssue(group, item, issues, itemIds);
      operations.push(...closeDuplicates(group, existing, item));
      // Rendered when first read: a new issue beyond the run's write budget never is.
      let rendered: string | undefined;
      const body = () => (rendered ??= renderIssueBody(planned, section, link, context.tracker));
      const where = { ...context, line: lineRead.get(item.id) };
      edits.push(...issueOperations(planned, body, existing, link, config, where, operations));
    }
  }

  for (const [itemId, group] of issuesByItem) {
    if (
      !managed.has(itemId) &&
      inScope(itemId) &&
      group.some((i) => i.state === 'open') &&
      !finalStatus.has(itemId)
    ) {
      notes.push(
        `#${group[0]!.number} tracks "${itemId}", which is no longer in the tracker; left open`,
      );
    }
  }
  const failures = classifyFailures(tracker, evidence, config);
  return { edits, operations, links, notes, failures, edited };
}

/** Pushes the operations that make one item's issue match it; returns the tracker edits it needs. */
function issueOperations(
  item: Item & { priority: Priority },
  body: () => string,
  existing: IssueSnapshot | undefined,
  link: JudgedLink | null,
  config: Config,
  context: CommentContext,
  operations: IssueOperation[],
): PlannedEdit[] {
  const title = issueTitle(item);
  if (!isOpenStatus(item.status)) {
    if (existing?.state === 'open') {
      operations.push({
        kind: 'close',
        number: existing.number,
        itemId: item.id,
        comment: closeComment(item, link, context),
        reason: `"${item.title}" is ${STATUS_LABEL[item.status]}`,
        ...(item.status === 'wont_fix' ? { stateReason: 'not_planned' as const } : {}),
      });
    }
    return [];
  }
  const labels = wantedLabels(config, item.priority, existing?.labels ?? []);
  if (!existing) {
    operations.push({
      kind: 'create',
      itemId: item.id,
      title,
      get body() {
        return body();
      },
      labels,
      reason: `open ${item.priority} item "${item.title}" has no issue`,
    });
    return [];
  }
  if (existing.state === 'closed') {
    operations.push({
      kind: 'reopen',
      number: existing.number,
      itemId: item.id,
      comment: reopenComment(link, context),
      reason: `"${item.title}" is open again in the tracker`,
    });
  }
  // An issue a person opened and `track` added keeps the person's title and description.
  const update = isTracked(existing)
    ? issueUpdate(existing, existing.title, trackedBody(existing.body, item.id), labels)
    : issueUpdate(existing, title, body(), labels);
  if (update) {
    operations.push({
      kind: 'update',
      number: existing.number,
      itemId: item.id,
      ...update,
      reason: `"${item.title}" changed in the tracker`,
    });
  }
  if (item.issue?.number === existing.number) return [];
  return [
    {
      edit: {
        kind: 'set-issue',
        itemId: item.id,
        number: existing.number,
        ...issueUrl(context, existing.number),
      },
      reason: `"${item.title}" is tracked by #${existing.number}`,
    },
  ];
}

/** How an item's status changes on this evidence: the new status, its words, where it goes. */
interface Transition {
  status: 'resolved' | 'open';
  reason: string;
  /** The new value of the item's Status field, when it has one. */
  statusField: string;
  move: { to: MoveTarget; reason: string } | null;
}

/** Resolving: marked resolved and, unless configured to mark in place, moved to today's fixed section. */
function resolution(
  item: Item,
  section: Section,
  verdict: Verdict,
  config: Config,
  now: string,
): Transition {
  const move = config.resolved === 'move' && section.kind !== 'fixed';
  return {
    status: 'resolved',
    reason: `"${item.title}" is resolved: ${verdict.summary}`,
    statusField: `Resolved ${now}: ${verdict.summary}`,
    move: move
      ? {
          to: { kind: 'fixed', date: now, heading: config.fixedHeading },
          reason: `"${item.title}" moves to "${config.fixedHeading} (${now})"`,
        }
      : null,
  };
}

/** A regression: open again and, when it sits in a fixed section, back with its priority. */
function regression(
  item: Item,
  section: Section,
  verdict: Verdict,
  priority: Priority | null,
  config: Config,
  now: string,
): Transition {
  const reason = `"${item.title}" regressed: ${verdict.summary}`;
  const move = config.resolved === 'move' && section.kind === 'fixed';
  return {
    status: 'open',
    reason,
    statusField: `Open, regressed ${now}: ${verdict.summary}`,
    move: move ? { to: { kind: 'outstanding', priority }, reason } : null,
  };
}

function transitionEdits(item: Item, change: Transition): PlannedEdit[] {
  const edits: PlannedEdit[] = [
    { edit: { kind: 'set-status', itemId: item.id, status: change.status }, reason: change.reason },
  ];
  // Table rows carry their status in a column that set-status already rewrites, and stay in their table.
  if (item.family === 'table-row') return edits;
  const statusField = item.fields.find((f) => isStatusKey(f.key));
  if (statusField) {
    edits.push({
      edit: { kind: 'set-field', itemId: item.id, key: statusField.key, value: change.statusField },
      reason: change.reason,
    });
  }
  if (change.move) {
    edits.push({
      edit: { kind: 'move', itemId: item.id, to: change.move.to },
      reason: change.move.reason,
    });
  }
  return edits;
}

function groupIssues(issues: IssueSnapshot[]): Map<string, IssueSnapshot[]> {
  const groups = new Map<string, IssueSnapshot[]>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    if (!issue.itemId) continue;
    groups.set(issue.itemId, [...(groups.get(issue.itemId) ?? []), issue]);
  }
  return groups;
}

/** The issue that tracks an item: an open one first, then the lowest number; else the one the tracker links. */
function pickIssue(
  group: IssueSnapshot[],
  item: Item,
  all: IssueSnapshot[],
  itemIds: Set<string>,
): IssueSnapshot | undefined {
  // A renamed item has a new slug; the issue number written next to it still finds its issue,
  // unless that issue belongs to another item still in the tracker.
  return (
    group.find((i) => i.state === 'open') ??
    group[0] ??
    all.find((i) => i.number === item.issue?.number && !(i.itemId && itemIds.has(i.itemId)))
  );
}

function closeDuplicates(
  group: IssueSnapshot[],
  kept: IssueSnapshot | undefined,
  item: Item,
): IssueOperation[] {
  return group
    .filter((i) => i !== kept && i.state === 'open')
    .map((i) => ({
      kind: 'close' as const,
      number: i.number,
      itemId: item.id,
      comment: renderMarkdown([
        paragraph(text(`Duplicate of #${kept!.number}, which tracks the same item.`)),
      ]),
      reason: `#${i.number} duplicates #${kept!.number} for "${item.title}"`,
      stateReason: 'duplicate' as const,
    }));
}

const PRIORITY_LABEL = /^P[0-3]$/;

/** The labels of a managed issue: the managed labels, its priority, and whatever else it has. */
export function wantedLabels(config: Config, priority: Priority, current: string[]): string[] {
  const kept = current.filter((l) => !PRIORITY_LABEL.test(l) && !config.labels.includes(l));
  return [...config.labels, priority, ...kept];
}

function priorityFromLabels(issue: IssueSnapshot | undefined): Priority | null {
  return (issue?.labels.find((l) => PRIORITY_LABEL.test(l)) as Priority | undefined) ?? null;
}

function issueUpdate(
  issue: IssueSnapshot,
  title: string,
  body: string,
  labels: string[],
): { title?: string; body?: string; labels?: string[] } | null {
  const update: { title?: string; body?: string; labels?: string[] } = {};
  if (issue.title !== title) update.title = title;
  if (issue.body.trim() !== body.trim()) update.body = body;
  const same =
    labels.length === issue.labels.length && labels.every((l) => issue.labels.includes(l));
  if (!same) update.labels = labels;
  return Object.keys(update).length ? update : null;
}

function issueUrl(context: PlanContext, number: number): { url?: string } {
  return context.issuesUrl ? { url: `${context.issuesUrl}/${number}` } : {};
}

/** What a comment may link: the run, and the item's line where this plan read it. */
type CommentContext = PlanContext & { line?: number };

function closeComment(item: Item, link: JudgedLink | null, context: CommentContext): string {
  const why =
    link && link.verdict.state === 'pass'
      ? `Resolved: ${link.verdict.summary}.`
      : `Resolved: the tracker marks "${item.title}" as ${item.status === 'wont_fix' ? "won't fix" : 'resolved'}.`;
  return comment(why, context);
}

function reopenComment(link: JudgedLink | null, context: CommentContext): string {
  const why =
    link && link.verdict.state === 'fail'
      ? `Reopened: ${link.verdict.summary}.`
      : 'Reopened: the tracker lists this item as open again.';
  return comment(why, context);
}

/** A closing or reopening comment: why (inert), the item's line at the commit read, the run. */
function comment(why: string, context: CommentContext): string {
  const { permalink, path } = context.tracker;
  const line = context.line;
  return renderMarkdown([
    // Verdicts quote evidence in code spans: read as markdown, made inert.
    ...inertMarkdown(why),
    ...(permalink && line
      ? [paragraph(text('Tracker: '), linkTo(`${permalink}#L${line}`, code(`${path}:${line}`)))]
      : []),
    ...(context.runUrl
      ? [paragraph(text('Workflow run: '), linkTo(context.runUrl, text(context.runUrl)))]
      : []),
  ]);
}

/**
 * The change a person made by reopening a resolved item's issue by hand: the issue that tracks
 * it is open, reopened by someone other than the action, not before the tracker's last change
 * (a tracker edited since has the newer word).
 */
function reopenedByPerson(
  group: IssueSnapshot[] | undefined,
  context: PlanContext,
): { by: string; change: { kind: 'reopen'; note: string } } | null {
  const issue = group?.[0];
  if (!issue || issue.state !== 'open' || !context.isAction || !context.trackerChangedAt)
    return null;
  if (!issue.reopenedBy || !issue.reopenedAt || context.isAction(issue.reopenedBy)) return null;
  if (Date.parse(issue.reopenedAt) < Date.parse(context.trackerChangedAt)) return null;
  return { by: issue.reopenedBy, change: { kind: 'reopen', note: `reopened #${issue.number}` } };
}

/**
 * The change a person made by putting a priority label on an open item's issue by hand: the
 * last priority label added, still on the issue, names another priority than the item's, and
 * was added by someone other than the action, not before the tracker's last change.
 */
function relabeledByPerson(
  group: IssueSnapshot[] | undefined,
  priority: Priority | null,
  context: PlanContext,
): { by: string; change: { kind: 'priority'; priority: Priority } } | null {
  const labeled = group?.[0]?.priorityLabeled;
  if (!labeled || !context.isAction || !context.trackerChangedAt) return null;
  if (labeled.label === priority || context.isAction(labeled.by)) return null;
  if (Date.parse(labeled.at) < Date.parse(context.trackerChangedAt)) return null;
  return { by: labeled.by, change: { kind: 'priority', priority: labeled.label } };
}

/**
 * The change a person made by closing an item's issue by hand: every issue of the item is
 * closed, and the one that tracks it was closed by someone other than the action. Closed as not
 * planned (or as a duplicate, which GitHub shows the same way), the item is won't fix.
 */
function closedByPerson(
  group: IssueSnapshot[] | undefined,
  context: PlanContext,
): {
  by: string;
  change: { kind: 'resolve'; status: 'resolved' | 'wont_fix'; note: string };
} | null {
  const issue = group?.[0];
  if (!issue || !context.isAction || group!.some((i) => i.state === 'open')) return null;
  if (!issue.closedBy || context.isAction(issue.closedBy)) return null;
  const notPlanned = issue.stateReason === 'not_planned' || issue.stateReason === 'duplicate';
  return {
    by: issue.closedBy,
    change: {
      kind: 'resolve',
      status: notPlanned ? 'wont_fix' : 'resolved',
      note: `closed #${issue.number}${notPlanned ? ' as not planned' : ''}`,
    },
  };
}
