import { z } from 'zod';

/** A place in the tracker text: 1-based line and column, 0-based UTF-16 offset into the original string. */
export const Point = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  offset: z.number().int().min(0),
});
export type Point = z.infer<typeof Point>;

/** A half-open span `[start, end)` of the original text. */
export const Range = z.object({ start: Point, end: Point });
export type Range = z.infer<typeof Range>;

export const Status = z.enum(['open', 'in_progress', 'blocked', 'resolved', 'wont_fix']);
export type Status = z.infer<typeof Status>;

export const Priority = z.enum(['P0', 'P1', 'P2', 'P3']);
export type Priority = z.infer<typeof Priority>;

/** How a status reads to a person, in reports and issue bodies. */
export const STATUS_LABEL: Record<Status, string> = {
  open: 'open',
  in_progress: 'in progress',
  blocked: 'blocked',
  resolved: 'resolved',
  wont_fix: "won't fix",
};

/** Whether a status means the item still needs work. */
export const isOpenStatus = (status: Status): boolean =>
  status === 'open' || status === 'in_progress' || status === 'blocked';

/**
 * One place where an item spells its status. Edits rewrite every mark the item has, each in
 * its own spelling, so an item never ends up saying two things at once.
 */
export const StatusMark = z.object({
  kind: z.enum(['emoji', 'checkbox', 'strike', 'word', 'blocked-by']),
  text: z.string(),
  status: Status,
  range: Range,
});
export type StatusMark = z.infer<typeof StatusMark>;

/** A `Key: value` field (list item, `**Key:** value` line or table cell), value as plain text. */
export const Field = z.object({
  key: z.string(),
  value: z.string(),
  range: Range,
  valueRange: Range,
});
export type Field = z.infer<typeof Field>;

export const ItemDate = z.object({ label: z.string().nullable(), date: z.string(), range: Range });
export type ItemDate = z.infer<typeof ItemDate>;

/** A `BLOCKED by …` phrase and the ids of the items it names (resolved after parsing). */
export const BlockedBy = z.object({ text: z.string(), itemIds: z.array(z.string()), range: Range });
export type BlockedBy = z.infer<typeof BlockedBy>;

export const IssueLink = z.object({ number: z.number().int().positive(), range: Range });
export type IssueLink = z.infer<typeof IssueLink>;

export const ItemFamily = z.enum(['emoji-line', 'heading', 'list-item', 'table-row']);
export type ItemFamily = z.infer<typeof ItemFamily>;

export const Item = z.object({
  id: z.string(),
  explicitId: z.string().nullable(),
  title: z.string(),
  family: ItemFamily,
  status: Status,
  /** Priority of the item itself (field, column or inline tag), else of its section. */
  priority: Priority.nullable(),
  marks: z.array(StatusMark),
  fields: z.array(Field),
  dates: z.array(ItemDate),
  blockedBy: z.array(BlockedBy),
  issue: IssueLink.nullable(),
  /** The whole item: its line(s), fields and notes, up to the end of its last line. */
  range: Range,
  /** The line that carries the mark and the title. */
  headRange: Range,
  titleRange: Range,
  /** Text of the item after the title on its head line and in its notes, for evidence heuristics. */
  text: z.string(),
});
export type Item = z.infer<typeof Item>;

export const SectionKind = z.enum(['outstanding', 'fixed', 'other']);
export type SectionKind = z.infer<typeof SectionKind>;

export const Section = z.object({
  heading: z.string(),
  depth: z.number().int().min(1).max(6),
  priority: Priority.nullable(),
  kind: SectionKind,
  date: z.string().nullable(),
  /** From the heading to the start of the next section (or the end of the scope). */
  range: Range,
  headingRange: Range,
  items: z.array(Item),
});
export type Section = z.infer<typeof Section>;

export const Diagnostic = z.object({
  line: z.number().int(),
  column: z.number().int(),
  rule: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const LastUpdated = z.object({ date: z.string(), range: Range });
export type LastUpdated = z.infer<typeof LastUpdated>;

/** The typed model of a tracker: what the action reads and what its edits address. */
export const Tracker = z.object({
  title: z.string().nullable(),
  lastUpdated: LastUpdated.nullable(),
  sections: z.array(Section),
  /** The part of the file read as the tracker (the whole file, or one section of it). */
  scope: Range,
  eol: z.enum(['\n', '\r\n']),
  bom: z.boolean(),
});
export type Tracker = z.infer<typeof Tracker>;

/** Every item of the tracker in document order. */
export const allItems = (tracker: Tracker): Item[] => tracker.sections.flatMap((s) => s.items);
