import type { List, Paragraph } from 'mdast';
import { fieldsOfList } from '../fields.js';
import { readHead } from '../head.js';
import { piecesOf } from '../inline.js';
import { isPlaceholder } from '../headings.js';
import type { Source } from '../source.js';
import { listHoldsItems } from './list-item.js';
import type { Draft, Family } from './family.js';

/**
 * Emoji lines: `⚠️ **Production Build Fails** (Discovered 2026-01-28)`, one item per line of a
 * paragraph led by a status emoji, a checkbox or a status tag (lines that are not continue the
 * item before them); an indented or adjacent `- Key: value` list after the paragraph is the
 * last item's fields. In a tracker section, a line led by another emoji is an item too (and
 * lint says its emoji is no status mark).
 */
export const emojiLines: Family = {
  read(blocks, index, { source, section }) {
    const paragraph = blocks[index]!;
    if (paragraph.type !== 'paragraph') return null;
    const next = blocks[index + 1];
    const fields = next?.type === 'list' && isFieldList(paragraph, next, source) ? next : null;
    const drafts: Draft[] = [];
    // The nodes of each line, found by walking the paragraph's nodes once along its lines.
    const nodes = paragraph.children;
    let first = 0;
    for (const line of source.lines(source.span(paragraph))) {
      const text = source.slice(line);
      const span = { start: line.start + text.length - text.trimStart().length, end: line.end };
      while (first < nodes.length && source.span(nodes[first]!).end <= span.start) first++;
      let last = first;
      while (last < nodes.length && source.span(nodes[last]!).start < span.end) last++;
      const head = readHead(source, piecesOf(source, nodes.slice(first, last), span));
      const led = head.marked || (head.unknownEmoji !== null && section.kind !== 'other');
      if (led && head.title && !isPlaceholder(head.title)) {
        drafts.push({
          family: 'emoji-line',
          head,
          fields: [],
          span,
          headSpan: { ...span },
          extraMarks: [],
        });
      } else if (drafts.length) {
        drafts[drafts.length - 1]!.span.end = line.end;
      }
    }
    if (!drafts.length) return null;
    const last = drafts[drafts.length - 1]!;
    if (fields) {
      last.fields = fieldsOfList(source, fields);
      last.span.end = source.span(fields).end;
    }
    return { drafts, next: index + (fields ? 2 : 1) };
  },
};

/**
 * A list under an item line is the item's fields when it is indented, or when it follows
 * directly and reads as notes: a list of checkboxes or status-led entries is items of its own.
 */
function isFieldList(paragraph: Paragraph, list: List, source: Source): boolean {
  const last = paragraph.position?.end.line ?? 0;
  const first = list.position?.start;
  if (!first) return false;
  if (first.column > 1) return true;
  return first.line === last + 1 && !listHoldsItems(source, list);
}
