import { z } from 'zod';

/** The hidden marker that ties a GitHub issue to a tracker item, whatever its title becomes. */
export const markerFor = (itemId: string): string => `<!-- known-issues:item=${itemId} -->`;

const markerPattern = /<!-- known-issues:item=([^\s>]+) -->/;

/** The item id named by an issue body's marker, or null for an issue this action does not manage. */
export function itemIdFromBody(body: string | null | undefined): string | null {
  return body ? (markerPattern.exec(body)?.[1] ?? null) : null;
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
  /** Who closed it, when known (GitHub gives it on the single-issue GET only); null when unknown. */
  closedBy: z.string().nullable().optional(),
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
  IssueSnapshot.extend({ itemId: z.string().nullable().optional() }).transform((issue) => ({
    ...issue,
    itemId: issue.itemId ?? itemIdFromBody(issue.body),
  })),
);

/** One write to GitHub's issues, with the reason a person reads in the plan. */
export type IssueOperation =
  | {
      kind: 'create';
      itemId: string;
      title: string;
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
      /** Posted after reopening; empty for none. */
      comment: string;
      reason: string;
    };
