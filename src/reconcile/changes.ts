import { spellPriority } from '../tracker/style.js';
import type { MoveTarget, TrackerEdit } from '../tracker/edit.js';
import {
  isOpenStatus,
  STATUS_LABEL,
  type Item,
  type Priority,
  type Section,
  type Status,
} from '../tracker/schema.js';
import { LEADING_STATUS_WORD, isKey, isStatusKey, statusOfWord } from '../tracker/vocabulary.js';
import type { Config } from './config.js';

/**
 * A change a person asks for: by a command in a comment, or by changing the item's issue
 * (closing, reopening, relabelling it). The tracker follows it.
 */
export type Change =
  | { kind: 'resolve'; status: 'resolved' | 'wont_fix'; note: string }
  | { kind: 'reopen'; note: string }
  | { kind: 'block'; reason: string }
  | { kind: 'unblock'; note: string }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'status'; text: string }
  | { kind: 'note'; text: string }
  /** Add the issue to the tracker (at this priority, else the last one the action manages). */
  | { kind: 'track'; priority: Priority | null }
  | { kind: 'help' };

/** A change to one item. */
export type ItemChange = Exclude<Change, { kind: 'track' } | { kind: 'help' }>;

/** What a change needs to know besides the item: who, when, and the item's priority from its issue. */
export interface ChangeContext {
  now: string;
  /** Who asked, named as plain text in the tracker (`by octocat`). */
  actor: string;
  config: Config;
  /** The priority of the item's issue label: where a reopened item in a fixed section goes back to. */
  issuePriority: Priority | null;
}

/** The edits a change makes, why, and what a person reads about it; or why it cannot be made. */
export type ChangeResult =
  | { edits: { edit: TrackerEdit; reason: string }[]; done: string; already: string }
  | { refused: string };

const quoted = (item: Item) => `"${item.title}"`;

/**
 * The tracker edits that make `item` (in `section`) say what the change asks: its status marks,
 * its Status field (written, or added, in the file's spelling) and its place (resolved items
 * move to today's fixed section when the config moves them; reopened ones go back to their
 * priority's section, created when missing). `done` says what changed; `already` is what to say
 * when the edits turn out to change nothing (the same command twice).
 */
export function changeEdits(
  item: Item,
  section: Section,
  change: ItemChange,
  context: ChangeContext,
): ChangeResult {
  const { now, actor, config } = context;
  const title = quoted(item);
  const open = isOpenStatus(item.status);
  const why = (what: string) => `${title} ${what} (by ${actor})`;
  const stamp = (word: string, note: string) =>
    `${statusWord(item, word)} ${now} by ${actor}${note ? `: ${note}` : ''}`;

  switch (change.kind) {
    case 'resolve': {
      const label = STATUS_LABEL[change.status];
      if (item.status === change.status) return unchanged(`${title} is already ${label}`);
      const reason = why(`is ${label}`);
      const moves = open && config.resolved === 'move' && section.kind !== 'fixed';
      return {
        edits: transition(
          item,
          change.status,
          stamp(change.status === 'resolved' ? 'Resolved' : "Won't fix", change.note),
          reason,
          moves ? { kind: 'fixed', date: now, heading: config.fixedHeading } : null,
        ),
        done: `${title} is ${label}${moves ? ` and moves to "${config.fixedHeading} (${now})"` : ''}`,
        already: `${title} is already ${label}`,
      };
    }
    case 'reopen': {
      if (open) return unchanged(`${title} is already open`);
      const priority = item.priority ?? context.issuePriority;
      const back = config.resolved === 'move' && section.kind === 'fixed';
      const to: MoveTarget | null = back
        ? priority
          ? { kind: 'priority', priority }
          : { kind: 'outstanding', priority: null }
        : null;
      return {
        edits: transition(item, 'open', stamp('Reopened', change.note), why('is open again'), to),
        done: `${title} is open again${to ? ` and moves back to ${priority ?? 'the outstanding items'}` : ''}`,
        already: `${title} is already open`,
      };
    }
    case 'block': {
      if (!open) return { refused: `${title} is ${STATUS_LABEL[item.status]}; reopen it first` };
      const value = stamp('Blocked', change.reason);
      const current = statusField(item);
      if (item.status === 'blocked' && current?.value.endsWith(`: ${change.reason}`))
        return unchanged(`${title} is already blocked: ${change.reason}`);
      return {
        edits: transition(item, 'blocked', value, why(`is blocked: ${change.reason}`), null),
        done: `${title} is blocked: ${change.reason}${item.family === 'table-row' ? ' (a table row keeps no reason)' : ''}`,
        already: `${title} is already blocked`,
      };
    }
    case 'unblock': {
      if (item.status !== 'blocked')
        return unchanged(`${title} is not blocked (it is ${STATUS_LABEL[item.status]})`);
      const value = `${statusWord(item, 'Open')}, unblocked ${now} by ${actor}${change.note ? `: ${change.note}` : ''}`;
      return {
        edits: transition(item, 'open', value, why('is unblocked'), null),
        done: `${title} is unblocked`,
        already: `${title} is not blocked`,
      };
    }
    case 'priority':
      return priorityEdits(item, section, change.priority, why(`moves to ${change.priority}`));
    case 'status': {
      if (item.family === 'table-row')
        return {
          refused: `${title} is a table row: its Status cell is set by resolve, reopen, block and unblock`,
        };
      const word = LEADING_STATUS_WORD.exec(change.text.replace(/^[\s*_]*/, ''))?.[1];
      const implied = word ? statusOfWord(word) : null;
      const reason = why(`has the status "${change.text}"`);
      if (implied && implied !== item.status) {
        // A status that says done or open again is a resolve or a reopen, with its words.
        const to =
          !isOpenStatus(implied) && open && config.resolved === 'move' && section.kind !== 'fixed'
            ? ({ kind: 'fixed', date: now, heading: config.fixedHeading } as const)
            : isOpenStatus(implied) &&
                !open &&
                config.resolved === 'move' &&
                section.kind === 'fixed'
              ? reopenTarget(item, context)
              : null;
        return {
          edits: transition(item, implied, change.text, reason, to),
          done: `${title} is ${STATUS_LABEL[implied]}: ${change.text}`,
          already: `the status of ${title} is already "${change.text}"`,
        };
      }
      return {
        edits: [
          {
            edit: { kind: 'set-field', itemId: item.id, key: 'Status', value: change.text },
            reason,
          },
        ],
        done: `the status of ${title} is "${change.text}"`,
        already: `the status of ${title} is already "${change.text}"`,
      };
    }
    case 'note':
      if (item.family === 'table-row')
        return { refused: `${title} is a table row, which has no place for a note` };
      return {
        edits: [
          {
            edit: {
              kind: 'add-note',
              itemId: item.id,
              label: `${now} (${actor})`,
              text: change.text,
            },
            reason: why('has a new note'),
          },
        ],
        done: `${title} has a new note`,
        already: `${title} already has this note`,
      };
  }
}

/** Where a reopened item in a fixed section goes: its priority's section, else any outstanding one. */
function reopenTarget(item: Item, context: ChangeContext): MoveTarget {
  const priority = item.priority ?? context.issuePriority;
  return priority ? { kind: 'priority', priority } : { kind: 'outstanding', priority: null };
}

/** Moving an open item to another priority: its section, and its own Priority field or tag. */
function priorityEdits(
  item: Item,
  section: Section,
  priority: Priority,
  reason: string,
): ChangeResult {
  const title = quoted(item);
  if (!isOpenStatus(item.status))
    return { refused: `${title} is ${STATUS_LABEL[item.status]}; reopen it first` };
  const edits: { edit: TrackerEdit; reason: string }[] = [];
  const field = item.fields.find((f) => isKey('priority', f.key));
  if (field)
    edits.push({
      edit: {
        kind: 'set-field',
        itemId: item.id,
        key: field.key,
        value: spellPriority(priority, field.value),
      },
      reason,
    });
  const tag = item.priority && /\[(P[0-3])\]|\((P[0-3])\)/.exec(item.text.split('\n')[0]!)?.[0];
  if (tag && !field)
    edits.push({
      edit: {
        kind: 'replace-text',
        itemId: item.id,
        find: tag,
        replace: tag.replace(/P[0-3]/, priority),
      },
      reason,
    });
  if (
    item.family !== 'table-row' &&
    !(section.kind === 'outstanding' && section.priority === priority)
  )
    edits.push({
      edit: { kind: 'move', itemId: item.id, to: { kind: 'priority', priority } },
      reason,
    });
  return {
    edits,
    done: `${title} moves to ${priority}`,
    already: `${title} is already ${priority}`,
  };
}

/** Status marks, the Status field (added when missing) and the move of one status change. */
function transition(
  item: Item,
  status: Status,
  statusField: string,
  reason: string,
  to: MoveTarget | null,
): { edit: TrackerEdit; reason: string }[] {
  const edits: { edit: TrackerEdit; reason: string }[] = [
    { edit: { kind: 'set-status', itemId: item.id, status }, reason },
  ];
  // A table row's status lives in its Status cell, which set-status rewrites; it stays in its table.
  if (item.family === 'table-row') return edits;
  edits.push({
    edit: { kind: 'set-field', itemId: item.id, key: 'Status', value: statusField },
    reason,
  });
  if (to) edits.push({ edit: { kind: 'move', itemId: item.id, to }, reason });
  return edits;
}

function unchanged(message: string): ChangeResult {
  return { edits: [], done: message, already: message };
}

function statusField(item: Item) {
  return item.fields.find((f) => isStatusKey(f.key));
}

/** `word` in the letter case of the item's Status field when it shouts (`OPEN` → `RESOLVED`). */
function statusWord(item: Item, word: string): string {
  const field = statusField(item);
  const current = field
    ? item.marks.find(
        (m) => m.kind === 'word' && m.range.start.offset >= field.valueRange.start.offset,
      )
    : undefined;
  return current && current.text === current.text.toUpperCase() ? word.toUpperCase() : word;
}
