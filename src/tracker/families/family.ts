import type { RootContent } from 'mdast';
import type { Head } from '../head.js';
import type { Field, ItemFamily, SectionKind, StatusMark } from '../schema.js';
import type { Source, Span } from '../source.js';

/** An item as a family reads it, before ids, status and priority are decided. */
export interface Draft {
  family: ItemFamily;
  head: Head;
  fields: Field[];
  /** The whole item: its line(s), fields and notes. */
  span: Span;
  /** The line that carries the mark and the title. */
  headSpan: Span;
  /** Marks outside the head: a table row's status cell. */
  extraMarks: StatusMark[];
}

/** What a family needs to know about the section it reads in. */
export interface SectionContext {
  kind: SectionKind;
  /** Plain bullets and numbered headings are items here: the document is a tracker, or the section names issues. */
  plainItems: boolean;
  /** Nothing here is an item: a legend, design decisions, "not bugs". */
  noItems: boolean;
}

export interface Context {
  source: Source;
  section: SectionContext;
}

/** The items a family read and the index of the first block it did not consume. */
export interface Read {
  drafts: Draft[];
  next: number;
}

/**
 * One item family (emoji line, heading item, list item, table row). `read` looks at the block
 * `blocks[index]` of a section and returns the items it holds, or null when the block is not
 * this family's; a family may consume the blocks after it (a heading item its body).
 */
export interface Family {
  read(blocks: RootContent[], index: number, context: Context): Read | null;
}
