import type { Link, List, ListItem, Paragraph, RootContent } from 'mdast';
import { fieldsOfList, readField } from '../fields.js';
import { readHead } from '../head.js';
import { BOX } from '../tags.js';
import { piecesOf } from '../inline.js';
import type { Source, Span } from '../source.js';
import { isPlaceholder } from '../headings.js';
import { LEADING_EMOJI, isFieldKey, statusOfEmoji } from '../vocabulary.js';
import type { Context, Draft, Family, SectionContext } from './family.js';

/** Matches a list marker and the spaces after it: `- `, `* `, `1. `, `2) `. */
const MARKER = /^\s*(?:[-*+]|\d+[.)])[ \t]*/;
/** Matches an issues URL, which makes a link-only bullet an item rather than a reference. */
const ISSUES_URL = /\/issues\/\d+/;

/**
 * List items: `- [ ] **Title**`, `- [x] ~~Title~~`, `- 🔴 Title`, `- **[done]** Title` anywhere;
 * a plain `- Title` where plain bullets are items (a tracker, a section that names issues), but
 * never a `Key: value` field, a lone link to a document, or a placeholder ("Nothing open").
 */
export const listItems: Family = {
  read(blocks, index, context) {
    const list = blocks[index]!;
    if (list.type !== 'list') return null;
    const details = isDetailList(context.source, blocks[index - 1], list);
    const drafts = list.children.flatMap((entry) =>
      entryItems(
        context,
        entry,
        details ? { ...context.section, plainItems: false } : context.section,
      ),
    );
    return { drafts, next: index + 1 };
  },
};

function entryItems({ source }: Context, entry: ListItem, section: SectionContext): Draft[] {
  const first = entry.children[0];
  if (first?.type !== 'paragraph') return [];
  const span = source.span(entry);
  const nested = entry.children.find((c): c is List => c.type === 'list');
  const parts = partsOf(source, first);
  const drafts: Draft[] = [];
  parts.forEach((part, n) => {
    const last = n === parts.length - 1;
    const firstLine = source.lines(part)[0]!;
    const head = readHead(source, piecesOf(source, first.children, part), {
      titleLimit: firstLine.end,
    });
    const start = n === 0 ? span.start : part.start;
    if (n === 0 && entry.checked !== null && entry.checked !== undefined) {
      // remark-gfm keeps the task's checkbox out of the paragraph: it sits after the marker.
      const at =
        span.start + (MARKER.exec(source.text.slice(span.start, firstLine.end))?.[0].length ?? 0);
      const status = entry.checked ? 'resolved' : 'open';
      head.marks.unshift(source.mark('checkbox', at, at + 3, status));
      head.marked = true;
    }
    if (!isItem(source, head.marked, head.title, first, section)) return;
    drafts.push({
      // A checkbox line whose bullet was lost reads as the marked line it is, wherever it ends up.
      family: n === 0 ? 'list-item' : 'emoji-line',
      head,
      fields: last && nested ? fieldsOfList(source, nested) : [],
      span: { start, end: last ? span.end : part.end },
      headSpan: { start, end: firstLine.end },
      extraMarks: [],
    });
  });
  return drafts;
}

/**
 * The parts of an entry's first paragraph that are items of their own: the paragraph, cut
 * before every line that starts with a checkbox (`[-] **Debounce search**`, whose bullet was lost).
 */
function partsOf(source: Source, paragraph: Paragraph): Span[] {
  const span = source.span(paragraph);
  const starts = [span.start];
  for (const line of source.lines(span).slice(1)) {
    const text = source.slice(line);
    const lead = text.length - text.trimStart().length;
    if (BOX.test(text.slice(lead))) starts.push(line.start + lead);
  }
  return starts.map((start, n) => {
    const next = starts[n + 1];
    const end = next === undefined ? span.end : source.text.lastIndexOf('\n', next - 1);
    return { start, end: source.text[end - 1] === '\r' ? end - 1 : end };
  });
}

function isItem(
  source: Source,
  marked: boolean,
  title: string,
  paragraph: Paragraph,
  section: SectionContext,
): boolean {
  if (!title || isPlaceholder(title)) return false;
  if (marked) return true;
  if (!section.plainItems) return false;
  const span = source.span(paragraph);
  const field = readField(source, span.start, span.end);
  if (field && isFieldKey(field.key)) return false;
  const [only, ...rest] = paragraph.children.filter((c) => c.type !== 'text' || c.value.trim());
  const lone = only?.type === 'link' && !rest.length && !ISSUES_URL.test((only as Link).url);
  return !lone;
}

/** Whether a list is the value of the field label before it (`**Impact:**` then its bullets). */
function isDetailList(source: Source, previous: RootContent | undefined, list: List): boolean {
  if (previous?.type !== 'paragraph') return false;
  const span = source.span(previous);
  const field = readField(source, span.start, span.end);
  const next = (previous.position?.end.line ?? 0) + 1 === list.position?.start.line;
  return !!field && !field.value.trim() && next;
}

/** Whether a list holds items of its own: checkboxes or status-emoji entries (not notes or fields). */
export function listHoldsItems(source: Source, list: List): boolean {
  return list.children.some((entry) => {
    if (entry.checked !== null && entry.checked !== undefined) return true;
    const head = entry.children[0];
    if (head?.type !== 'paragraph') return false;
    const text = source.slice(source.span(head));
    const emoji = LEADING_EMOJI.exec(text);
    return BOX.test(text) || !!(emoji && statusOfEmoji(emoji[0]));
  });
}
