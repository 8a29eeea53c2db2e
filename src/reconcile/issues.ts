import { z } from 'zod';
import { Priority } from '../tracker/schema.js';

/**
 * The hidden marker that ties a GitHub issue to a tracker item, whatever its title becomes.
 * The id is encoded (see `encodeMarkerId`) so that any id, spaces and `-->` included, reads back.
 */
export const markerFor = (itemId: string): string =>
  `<!-- known-issues:item=${encodeMarkerId(itemId)} -->`;

const markerPattern = /<!-- known-issues:item=([^\s>]*) -->/;

/** What a comment of the action is for: closing, closing as a duplicate, or reopening an issue. */
export type CommentKind = 'close' | 'duplicate' | 'reopen';

/**
 * The hidden marker of an operation's comment. A retry, or a later run, that finds it on the
 * newest of the action's comments knows the comment landed and does not post it again.
 */
export const commentMarkerFor = (kind: CommentKind, itemId: string): string =>
  `<!-- known-issues:${kind}=${encodeMarkerId(itemId)} -->`;

/** The comment marker in a comment's body (`close=…`), or null for other comments. */
export function commentMarkerIn(body: string | null | undefined): string | null {
  return /<!-- known-issues:(?:close|duplicate|reopen)=[^\s>]* -->/.exec(body ?? '')?.[0] ?? null;
}

/** The item id named by an issue body's marker, or null for an issue this action does not manage. */
export function itemIdFromBody(body: string | null | undefined): string | null {
  const encoded = body ? markerPattern.exec(body)?.[1] : undefined;
  return encoded === undefined ? null : decodeMarkerId(encoded);
}

/**
 * An id as it can sit inside an HTML comment and be read back by `markerPattern`: letters,
 * digits and `._~-` stay; other ASCII becomes `%XX`, other code units `%uXXXX` (lone surrogates
 * included). Slugs and ids such as `KI-3` are unchanged, so markers written before read the same.
 */
function encodeMarkerId(id: string): string {
  let out = '';
  for (const char of id) {
    if (/^[\p{L}\p{N}._~-]$/u.test(char)) out += char;
    else if (char.length === 1 && char.charCodeAt(0) < 0x80) out += `%${hex(char, 2)}`;
    else for (const unit of char.split('')) out += `%u${hex(unit, 4)}`;
  }
  return out;
}

const hex = (unit: string, width: number): string =>
  unit.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');

function decodeMarkerId(encoded: string): string {
  return encoded.replace(/%u([0-9A-Fa-f]{4})|%([0-9A-Fa-f]{2})/g, (_, u?: string, b?: string) =>
    String.fromCharCode(parseInt((u ?? b)!, 16)),
  );
}

/** A managed issue as the plan sees it: what GitHub holds now. */
export const IssueSnapshot = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string(),
  state: z.enum(['open', 'closed']),
  labels: z.array(z.string()),
  itemId: z.string().nullable(),
  url: z.string().optional(),
  /** The login that opened the issue: only the action's own issues are managed. */
  author: z.string().optional(),
  /** Who closed it, when known (GitHub gives it on the single-issue GET only); null when unknown. */
  closedBy: z.string().nullable().optional(),
  /** Who reopened it last and when, when known (its events say); null when never reopened. */
  reopenedBy: z.string().nullable().optional(),
  reopenedAt: z.string().nullable().optional(),
  /** The last priority label a person or the action added that the issue still has, when known. */
  priorityLabeled: z
    .object({ label: Priority, by: z.string(), at: z.string() })
    .nullable()
    .optional(),
  /** Why it was closed, as GitHub says: completed, not_planned, duplicate (reopened: open again). */
  stateReason: z.enum(['completed', 'not_planned', 'duplicate', 'reopened']).nullable().optional(),
});
export type IssueSnapshot = z.infer<typeof IssueSnapshot>;

/**
 * The marker of an issue a person opened and `/tracker track` added: the action manages its
 * state and labels, and leaves its title and description as the person wrote them.
 */
export const TRACKED_MARKER = '<!-- known-issues:tracked -->';

/** Whether an issue was added by `track`: its words are a person's, not a mirror of the item. */
export const isTracked = (issue: Pick<IssueSnapshot, 'body'>): boolean =>
  issue.body.includes(TRACKED_MARKER);

/** A tracked issue's body: the person's text, then the tracked marker and the item's marker. */
export function trackedBody(body: string, itemId: string): string {
  const text = body
    .replace(TRACKED_MARKER, '')
    .replace(new RegExp(markerPattern.source, 'g'), '')
    .trimEnd();
  return [text, `${TRACKED_MARKER}\n${markerFor(itemId)}`].filter(Boolean).join('\n\n');
}

/** The file format of `plan --issues snapshot.json`: an array of issues. */
export const IssueSnapshotFile = z.array(
  IssueSnapshot.extend({
    itemId: z.string().nullable().optional(),
    /** GitHub's own JSON (`gh api …/issues`) names the opener as `user.login`. */
    user: z.object({ login: z.string() }).nullable().optional(),
  }).transform(({ user, ...issue }) => ({
    ...issue,
    itemId: issue.itemId ?? itemIdFromBody(issue.body),
    ...(issue.author === undefined && user ? { author: user.login } : {}),
  })),
);

/** One write to GitHub's issues, with the reason a person reads in the plan. */
export type IssueOperation =
  | {
      kind: 'create';
      itemId: string;
      title: string;
      /** Rendered when first read (plans may hold many more new issues than a run writes). */
      body: string;
      labels: string[];
      reason: string;
    }
  | {
      kind: 'update';
      number: number;
      itemId: string;
      title?: string;
      body?: string;
      labels?: string[];
      reason: string;
    }
  | {
      kind: 'close';
      number: number;
      itemId: string;
      /** Posted before closing; empty for none (a command's reply says it instead). */
      comment: string;
      reason: string;
      /** Why, as GitHub records it; completed when absent. */
      stateReason?: 'completed' | 'not_planned' | 'duplicate';
    }
  | {
      kind: 'reopen';
      number: number;
      itemId: string;
      /** Posted with the reopening (just before it); empty for none. */
      comment: string;
      reason: string;
    };
