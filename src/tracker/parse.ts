import type { Heading, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { emojiLines } from './families/emoji-line.js';
import type { Draft, Family, Read, SectionContext } from './families/family.js';
import { headingItems } from './families/heading.js';
import { listItems } from './families/list-item.js';
import { tableRows } from './families/table-row.js';
import { IdCounter, ItemIndex, toItem } from './items.js';
import { parseMarkdown } from './markdown.js';
import type { Diagnostic, LastUpdated, Priority, Section, Tracker } from './schema.js';
import { readScope } from './scope.js';
import { Source, type Span } from './source.js';
import { impliedStatusOf } from './status.js';
import { holdsNoItems, namesIssueSection, sectionKindOf } from './headings.js';
import { priorityOf } from './vocabulary.js';

export { slugify } from './ids.js';
export { plainText } from './inline.js';
export { resolveReference } from './items.js';
export { ScopeNotFoundError } from './scope.js';
export { decideStatus } from './status.js';

export interface ParseOptions {
  /** Read only the section under this heading (e.g. "Known Issues" inside a CLAUDE.md). */
  section?: string;
  /**
   * Internal: the size of the pieces the markdown is parsed in (`Infinity`: the whole text as one
   * piece). For the test that the model equals that of a whole-file parse, and for benchmarks.
   */
  pieceSize?: number;
}

/** The model and the problems found while reading it. Parsing never throws on bad markdown. */
export interface ParseResult {
  tracker: Tracker;
  diagnostics: Diagnostic[];
}

/** The families that read the blocks between headings, asked in this order. */
const BLOCK_FAMILIES: Family[] = [listItems, tableRows, emojiLines];

/** Matches a Last Updated line and its date: `**Last Updated**: 2026-01-28`, `_Updated 2026-04-11_`. */
const LAST_UPDATED =
  /^[\s*_]*(?:last[\s_-]+updated|updated)[\s*_]*:?[\s*_:]*(?:on\s+)?(\d{4}-\d{2}-\d{2})/im;
/** Matches the date a section heading holds: `Recently Fixed (2026-01-28)`. */
const HEADING_DATE = /\b(\d{4}-\d{2}-\d{2})\b/;

interface SectionDraft {
  heading: string;
  depth: number;
  priority: Priority | null;
  kind: Section['kind'];
  date: string | null;
  span: Span;
  headingSpan: Span;
  drafts: Draft[];
  context: SectionContext;
}

/** A heading that encloses what follows: its depth, priority and what its sections hold. */
interface Enclosing {
  depth: number;
  priority: Priority | null;
  context: SectionContext;
}

/** The last few results, by section and text: a run's steps share one parse of the same text. */
const recent = new Map<string, ParseResult>();
const RECENT_SIZE = 4;

/**
 * Parses tracker markdown into the typed model, every part with its source range. The scope
 * (the file, or one section of it) is cut into sections by its headings; each family
 * (`families/`) reads the items of the blocks between them. The result is shared by every
 * caller that parses the same text (lint, plan, edits, summary): treat it as read-only.
 */
export function parseTracker(text: string, options: ParseOptions = {}): ParseResult {
  const key = `${options.section ?? ''}\u0000${options.pieceSize ?? ''}\u0000${text}`;
  const hit = recent.get(key);
  if (hit) {
    recent.delete(key);
    recent.set(key, hit);
    return hit;
  }
  const result = parseAnew(text, options);
  recent.set(key, result);
  if (recent.size > RECENT_SIZE) recent.delete(recent.keys().next().value!);
  return result;
}

function parseAnew(text: string, options: ParseOptions): ParseResult {
  const bom = text.startsWith('\uFEFF');
  const source = new Source(text, bom ? 1 : 0);
  const root = parseMarkdown(bom ? text.slice(1) : text, { pieceSize: options.pieceSize });
  const scope = readScope(source, root, options.section);
  const top: Enclosing = {
    depth: 0,
    priority: null,
    context: { kind: 'other', plainItems: scope.tracker, noItems: false },
  };
  const sections: SectionDraft[] = [];
  const open: Enclosing[] = [top];
  const enclosing = (depth: number) => open.findLast((e) => e.depth < depth) ?? top;

  const startSection = (node: Heading, span: Span, parent: Enclosing): void => {
    const heading = toString(node).trim();
    while (open.length > 1 && open[open.length - 1]!.depth >= node.depth) open.pop();
    const noItems = parent.context.noItems || holdsNoItems(heading);
    const plainItems =
      !noItems && (scope.tracker || parent.context.plainItems || namesIssueSection(heading));
    const context = { kind: sectionKindOf(heading), plainItems, noItems };
    const priority = priorityOf(heading) ?? parent.priority;
    open.push({ depth: node.depth, priority, context });
    const date = HEADING_DATE.exec(heading)?.[1] ?? null;
    sections.push({
      heading,
      depth: node.depth,
      priority,
      kind: context.kind,
      date,
      span: { ...span },
      headingSpan: span,
      drafts: [],
      context,
    });
  };
  const current = (at: number): SectionDraft => {
    if (!sections.length) {
      const span = { start: at, end: at };
      sections.push({
        heading: '',
        depth: 1,
        priority: null,
        kind: 'other',
        date: null,
        span,
        headingSpan: { ...span },
        drafts: [],
        context: top.context,
      });
    }
    return sections[sections.length - 1]!;
  };

  const nodes = scope.nodes;
  for (let index = 0; index < nodes.length;) {
    const node = nodes[index]!;
    const span = source.span(node);
    let read: Read | null = null;
    if (node.type === 'heading') {
      const previous = sections[sections.length - 1];
      if (previous) previous.span.end = span.start;
      const parent = enclosing(node.depth);
      read = headingItems.read(nodes, index, { source, section: parent.context });
      if (!read) startSection(node, span, parent);
    } else {
      const section = sections[sections.length - 1]?.context ?? top.context;
      if (!section.noItems) {
        for (const family of BLOCK_FAMILIES) {
          read = family.read(nodes, index, { source, section });
          if (read) break;
        }
      }
    }
    if (read?.drafts.length) current(span.start).drafts.push(...read.drafts);
    index = read?.next ?? index + 1;
  }
  const last = sections[sections.length - 1];
  if (last) last.span.end = scope.span.end;

  const diagnostics: Diagnostic[] = [];
  const tracker: Tracker = {
    title: scope.title,
    lastUpdated: lastUpdated(source, nodes),
    sections: finish(source, sections, diagnostics),
    scope: source.range(scope.span.start, scope.span.end),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    bom,
  };
  return { tracker, diagnostics };
}

/** The sections with their items: ids numbered across the tracker, blockers resolved to item ids. */
function finish(source: Source, drafts: SectionDraft[], diagnostics: Diagnostic[]): Section[] {
  const ids = new IdCounter();
  const sections = drafts.map((section) => {
    const implied = impliedStatusOf(drafts, section);
    return {
      heading: section.heading,
      depth: section.depth,
      priority: section.priority,
      kind: section.kind,
      date: section.date,
      range: source.range(section.span.start, section.span.end),
      headingRange: source.range(section.headingSpan.start, section.headingSpan.end),
      items: section.drafts.map((draft) =>
        toItem(source, draft, { priority: section.priority, implied }, ids, diagnostics),
      ),
    };
  });
  const index = new ItemIndex(sections.flatMap((s) => s.items));
  for (const section of sections)
    for (const item of section.items)
      for (const blocked of item.blockedBy) blocked.itemIds = index.resolve(blocked.text, item);
  return sections;
}

function lastUpdated(source: Source, nodes: RootContent[]): LastUpdated | null {
  for (const node of nodes) {
    if (node.type !== 'paragraph') continue;
    const { start } = source.span(node);
    const match = LAST_UPDATED.exec(source.slice(source.span(node)));
    if (match) {
      const at = start + match.index + match[0].length - match[1]!.length;
      return { date: match[1]!, range: source.range(at, at + match[1]!.length) };
    }
  }
  return null;
}
