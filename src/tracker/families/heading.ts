import type { Heading, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fieldsOfList, fieldsOfParagraph, fieldsOfTable, leadsWithStatus } from '../fields.js';
import { readHead, type Head } from '../head.js';
import { BOX } from '../tags.js';
import { piecesOf } from '../inline.js';
import type { Field } from '../schema.js';
import type { Source } from '../source.js';
import { isSectionName } from '../headings.js';
import { LEADING_EMOJI, isStatusKey, statusOfEmoji } from '../vocabulary.js';
import type { Context, Family } from './family.js';
import { listHoldsItems } from './list-item.js';
import { isIssueTable } from './table-row.js';

/**
 * Heading items: a heading with an id (`### KI-3: Title`) or an issue lead (`### Issue #1: …`);
 * one led by an emoji, struck through or ending in a status (`… ✅ FIXED`); a numbered
 * heading (`## 1. Title`) in a tracker; or one whose body has a Status line that names a status.
 * Its body, up to the next heading, is the item: `**Key:** value` lines, lists and a key/value
 * table are its fields. A heading that only names a section (`## 🔴 High Priority`), or whose
 * body holds items of its own (checkboxes, status lines, an issue table, sub-headings), is a section.
 */
export const headingItems: Family = {
  read(blocks, index, context) {
    const heading = blocks[index]!;
    if (heading.type !== 'heading' || context.section.noItems) return null;
    const { source } = context;
    let end = index + 1;
    while (end < blocks.length && blocks[end]!.type !== 'heading') end++;
    const body = blocks.slice(index + 1, end);
    const span = source.span(heading);
    const kids = heading.children;
    const content = kids.length
      ? { start: source.span(kids[0]!).start, end: source.span(kids[kids.length - 1]!).end }
      : { start: span.end, end: span.end };
    const head = readHead(source, piecesOf(source, kids, content), { heading: true });
    if (!isItemHeading(context, heading, head, body, blocks[end])) return null;
    const last = body[body.length - 1];
    const draft = {
      family: 'heading' as const,
      head,
      fields: body.flatMap((block) => fieldsOf(source, block)),
      span: { start: span.start, end: last ? source.span(last).end : span.end },
      headSpan: span,
      extraMarks: [],
    };
    return { drafts: [draft], next: end };
  },
};

function isItemHeading(
  { source, section }: Context,
  heading: Heading,
  head: Head,
  body: RootContent[],
  next: RootContent | undefined,
): boolean {
  if (head.explicitId || head.prefix === 'issue') return true;
  if (!head.title || isSectionName(toString(heading))) return false;
  const nested = next?.type === 'heading' && next.depth > heading.depth;
  if (nested || body.some((block) => holdsItems(source, block))) return false;
  if (head.marks.length || head.unknownEmoji) return true;
  if (head.prefix === 'number') return section.plainItems;
  // A Status line in a paragraph, or in a list or table right under the heading.
  const lines = body.flatMap((block, n) =>
    block.type === 'paragraph' || n === 0 ? fieldsOf(source, block) : [],
  );
  // In a tracker any Status line will do; elsewhere it must name a status ("Status: sprint 3
  // of 5" is a project's, not an item's).
  return lines.some((f) => isStatusKey(f.key) && (section.plainItems || leadsWithStatus(f.value)));
}

function fieldsOf(source: Source, block: RootContent): Field[] {
  if (block.type === 'paragraph') return fieldsOfParagraph(source, block);
  if (block.type === 'list') return fieldsOfList(source, block);
  if (block.type === 'table' && !isIssueTable(source, block)) return fieldsOfTable(source, block);
  return [];
}

/** Whether a block holds items of its own: checkbox or status-emoji lines, or an issue table. */
function holdsItems(source: Source, block: RootContent): boolean {
  if (block.type === 'list') return listHoldsItems(source, block);
  if (block.type === 'table') return isIssueTable(source, block);
  if (block.type !== 'paragraph') return false;
  return source.lines(source.span(block)).some((line) => {
    const text = source.slice(line).trimStart();
    const emoji = LEADING_EMOJI.exec(text);
    return BOX.test(text) || !!(emoji && statusOfEmoji(emoji[0]));
  });
}
