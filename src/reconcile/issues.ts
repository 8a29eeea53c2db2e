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
});
export type IssueSnapshot = z.infer<typeof IssueSnapshot>;

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
  | { kind: 'close'; number: number; itemId: string; comment: string; reason: string }
  | { kind: 'reopen'; number: number; itemId: string; comment: string; reason: string };
