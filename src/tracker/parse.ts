import type { Heading, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { Locator } from './locator.js';
import type {
  BlockedBy,
  Diagnostic,
  Field,
  IssueLink,
  Item,
  ItemDate,
  ItemFamily,
  LastUpdated,
  Priority,
  Section,
  Status,
  StatusMark,
  Tracker,
} from './schema.js';
import {
  KNOWN_EMOJI,
  LEADING_EMOJI,
  LEADING_STATUS_WORD,
  TRAILING_STATUS_WORD,
  priorityOf,
  sectionKindOf,
  statusOfEmoji,
  statusOfWord,
} from './vocabulary.js';

export interface ParseOptions {
  /** Read only the section under this heading (e.g. "Known Issues" inside a CLAUDE.md). */
  section?: string;
}

/** The model and the problems found while reading it. Parsing never throws on bad markdown. */
export interface ParseResult {
  tracker: Tracker;
  diagnostics: Diagnostic[];
}

/** Raised when the configured section heading is not in the file: a set-up error, not bad markdown. */
export class ScopeNotFoundError extends Error {
  constructor(heading: string) {
    super(`No heading "${heading}" in the tracker; expected a heading with that text`);
    this.name = 'ScopeNotFoundError';
  }
}

const processor = remark().use(remarkGfm);

/** Parses tracker markdown into the typed model, every part with its source range. */
export function parseTracker(text: string, options: ParseOptions = {}): ParseResult {
  const bom = text.startsWith('\uFEFF');
  const shift = bom ? 1 : 0;
  const root = processor.parse(bom ? text.slice(1) : text) as Root;
  return new Reader(text, shift, root, options).read();
}

interface Span {
  start: number;
  end: number;
}

interface Head {
  marks: StatusMark[];
  title: string;
  titleSpan: Span;
  explicitId: string | null;
  issue: IssueLink | null;
  dates: ItemDate[];
  blockedBy: BlockedBy[];
  priority: Priority | null;
  unknownEmoji: { text: string; offset: number } | null;
}

interface Draft {
  family: ItemFamily;
  head: Head;
  fields: Field[];
  span: Span;
  headSpan: Span;
  extraMarks: StatusMark[];
}

interface SectionDraft {
  heading: string;
  depth: number;
  priority: Priority | null;
  kind: Section['kind'];
  date: string | null;
  span: Span;
  headingSpan: Span;
  drafts: Draft[];
}

const ID_PATTERN = /^([A-Z][A-Z0-9]{0,9}-\d+)(?:\s*[:.—–-]\s*|\s+|$)/;
const DATE = /(?:\b([A-Z][a-z]+)\s+)?\b(\d{4}-\d{2}-\d{2})\b/g;
const ISSUE =
  /\[#([1-9]\d{0,14})\]\([^)\s]*\)|https?:\/\/[^\s)]+\/issues\/([1-9]\d{0,14})\b|(?<![\w&/#[])#([1-9]\d{0,14})\b(?!\])/;
const BLOCKED_BY = /(?<!\bwas\s+)\bblocked\s+by\b\s*:?\s*([^)\n|]*[^)\s\n|.;,])/gi;
const FIELD_KEY = /^(\*\*|__)?([A-Za-z][A-Za-z0-9 .'/&()-]{0,40}?)(?::\1|\1:)(?=\s|$)/;
const TITLE_ENDS = [' (', ' — ', ' – ', ' - ', ' | '];

class Reader {
  private readonly at: Locator;
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly shift: number,
    private readonly root: Root,
    private readonly options: ParseOptions,
  ) {
    this.at = new Locator(text);
  }

  read(): ParseResult {
    const { nodes, title, scope } = this.scope();
    const sections: SectionDraft[] = [];
    const parents: { depth: number; priority: Priority | null }[] = [];
    const lastSection = (): SectionDraft | null => sections[sections.length - 1] ?? null;
    let headingItem: Draft | null = null;

    const startSection = (heading: string, depth: number, span: Span, headingSpan: Span) => {
      while (parents.length && parents[parents.length - 1]!.depth >= depth) parents.pop();
      const priority = priorityOf(heading) ?? parents[parents.length - 1]?.priority ?? null;
      parents.push({ depth, priority });
      const section: SectionDraft = {
        heading,
        depth,
        priority,
        kind: sectionKindOf(heading),
        date: /\b(\d{4}-\d{2}-\d{2})\b/.exec(heading)?.[1] ?? null,
        span,
        headingSpan,
        drafts: [],
      };
      sections.push(section);
      return section;
    };
    const currentSection = (at: number): SectionDraft =>
      lastSection() ?? startSection('', 1, { start: at, end: at }, { start: at, end: at });

    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index]!;
      const span = this.span(node);
      if (node.type === 'heading') {
        const previous = lastSection();
        if (previous) previous.span.end = span.start;
        if (this.isItemHeading(node, nodes, index)) {
          headingItem = this.headingItem(node);
          currentSection(span.start).drafts.push(headingItem);
        } else {
          headingItem = null;
          startSection(toString(node).trim(), node.depth, { ...span }, span);
        }
        continue;
      }
      if (headingItem) {
        this.attachToHeadingItem(headingItem, node);
        continue;
      }
      const current = lastSection();
      if (node.type === 'paragraph') {
        const next = nodes[index + 1];
        const fields = next?.type === 'list' && this.isFieldList(node, next) ? next : null;
        const drafts = this.emojiLines(node, fields, current?.kind ?? 'other');
        if (drafts.length) {
          currentSection(span.start).drafts.push(...drafts);
          if (fields) index++;
        }
      } else if (node.type === 'list') {
        const kind = current?.kind ?? 'other';
        currentSection(span.start).drafts.push(...this.listItems(node, kind));
      } else if (node.type === 'table') {
        currentSection(span.start).drafts.push(...this.tableRows(node));
      }
    }
    const last = sections[sections.length - 1];
    if (last) last.span.end = scope.end;

    const tracker: Tracker = {
      title,
      lastUpdated: this.lastUpdated(nodes),
      sections: this.finish(sections),
      scope: this.at.range(scope.start, scope.end),
      eol: /\r\n/.test(this.text) ? '\r\n' : '\n',
      bom: this.shift === 1,
    };
    return { tracker, diagnostics: this.diagnostics };
  }

  private span(node: {
    position?: { start: { offset?: number }; end: { offset?: number } };
  }): Span {
    return {
      start: (node.position?.start.offset ?? 0) + this.shift,
      end: (node.position?.end.offset ?? 0) + this.shift,
    };
  }

  private scope(): { nodes: RootContent[]; title: string | null; scope: Span } {
    const all = this.root.children;
    const wanted = this.options.section?.trim().toLowerCase();
    if (!wanted) {
      const first = all.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
      return {
        nodes: all.filter((n) => n !== first),
        title: first ? toString(first).trim() : null,
        scope: { start: 0, end: this.text.length },
      };
    }
    const startIndex = all.findIndex(
      (n) => n.type === 'heading' && normalizeHeading(toString(n)) === normalizeHeading(wanted),
    );
    if (startIndex < 0) throw new ScopeNotFoundError(this.options.section!);
    const heading = all[startIndex] as Heading;
    let endIndex = all.findIndex(
      (n, i) => i > startIndex && n.type === 'heading' && n.depth <= heading.depth,
    );
    if (endIndex < 0) endIndex = all.length;
    const end = endIndex < all.length ? this.span(all[endIndex]!).start : this.text.length;
    return {
      nodes: all.slice(startIndex + 1, endIndex),
      title: toString(heading).trim(),
      scope: { start: this.span(heading).start, end },
    };
  }

  private lastUpdated(nodes: RootContent[]): LastUpdated | null {
    for (const node of nodes) {
      if (node.type !== 'paragraph') continue;
      const { start, end } = this.span(node);
      const source = this.text.slice(start, end);
      const match =
        /^[\s*_]*(?:last[\s_-]+updated|updated)[\s*_]*:?[\s*_:]*(?:on\s+)?(\d{4}-\d{2}-\d{2})/im.exec(
          source,
        );
      if (match) {
        const at = start + match.index + match[0].length - match[1]!.length;
        return { date: match[1]!, range: this.at.range(at, at + match[1]!.length) };
      }
    }
    return null;
  }

  private isItemHeading(node: Heading, nodes: RootContent[], index: number): boolean {
    const text = toString(node).trim();
    if (ID_PATTERN.test(text) || LEADING_EMOJI.test(text)) return true;
    for (let i = index + 1; i < nodes.length; i++) {
      const next = nodes[i]!;
      if (next.type === 'heading') return false;
      if (next.type === 'paragraph') {
        const { start, end } = this.span(next);
        if (/^[\s*_]*status[\s*_]*:/im.test(this.text.slice(start, end))) return true;
      }
    }
    return false;
  }

  private headingItem(node: Heading): Draft {
    const span = this.span(node);
    const content = node.children.length ? this.span(node.children[0]!).start : span.end;
    const contentEnd = node.children.length
      ? this.span(node.children[node.children.length - 1]!).end
      : span.end;
    const head = this.readHead(content, contentEnd);
    return { family: 'heading', head, fields: [], span, headSpan: { ...span }, extraMarks: [] };
  }

  private attachToHeadingItem(item: Draft, node: RootContent): void {
    const span = this.span(node);
    item.span.end = span.end;
    if (node.type === 'paragraph') {
      for (const line of this.lines(span)) {
        for (const part of splitInlineFields(this.text, line)) {
          const field = this.field(part.start, part.end);
          if (field) item.fields.push(field);
        }
      }
    } else if (node.type === 'list') {
      item.fields.push(...this.fieldsOfList(node));
    }
  }

  /** A list directly under an item line is the item's fields when it is indented or adjacent. */
  /**
   * A list under an item line is the item's fields when it is indented, or when it follows
   * directly and reads as notes: a list of checkboxes or status-led entries is items of its own.
   */
  private isFieldList(paragraph: Paragraph, list: List): boolean {
    const last = paragraph.position?.end.line ?? 0;
    const first = list.position?.start;
    if (!first) return false;
    if (first.column > 1) return true;
    const marked = list.children.some((entry) => {
      if (entry.checked !== null && entry.checked !== undefined) return true;
      const head = entry.children[0];
      return head?.type === 'paragraph' && LEADING_EMOJI.test(toString(head));
    });
    return first.line === last + 1 && !marked;
  }

  private lines(span: Span): Span[] {
    const out: Span[] = [];
    let start = span.start;
    while (start <= span.end) {
      const newline = this.text.indexOf('\n', start);
      const end = newline < 0 || newline >= span.end ? span.end : newline;
      out.push({ start, end: this.text[end - 1] === '\r' ? end - 1 : end });
      if (end >= span.end) break;
      start = end + 1;
    }
    return out;
  }

  private emojiLines(node: Paragraph, fields: List | null, kind: Section['kind']): Draft[] {
    const drafts: Draft[] = [];
    for (const line of this.lines(this.span(node))) {
      const source = this.text.slice(line.start, line.end);
      const leading = source.length - source.trimStart().length;
      const emoji = LEADING_EMOJI.exec(source.trimStart());
      if (emoji && (statusOfEmoji(emoji[0]) || kind !== 'other')) {
        const head = this.readHead(line.start + leading, line.end);
        const span = { start: line.start + leading, end: line.end };
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
    const last = drafts[drafts.length - 1];
    if (last && fields) {
      last.fields = this.fieldsOfList(fields);
      last.span.end = this.span(fields).end;
    }
    return drafts;
  }

  private listItems(list: List, kind: Section['kind']): Draft[] {
    const drafts: Draft[] = [];
    for (const entry of list.children) {
      const first = entry.children[0];
      if (first?.type !== 'paragraph') continue;
      const span = this.span(entry);
      const firstLine = this.lines(this.span(first))[0]!;
      // The head starts after the list marker; the checkbox, if any, is read from the source.
      const marker = /^\s*(?:[-*+]|\d+[.)])[ \t]*/.exec(this.text.slice(span.start, firstLine.end));
      const headStart = span.start + (marker?.[0].length ?? 0);
      const marked =
        (entry.checked !== null && entry.checked !== undefined) ||
        LEADING_EMOJI.test(this.text.slice(headStart, firstLine.end));
      if (!marked && kind === 'other') continue;
      const head = this.readHead(headStart, firstLine.end);
      const nested = entry.children.find((c): c is List => c.type === 'list');
      drafts.push({
        family: 'list-item',
        head,
        fields: nested ? this.fieldsOfList(nested) : [],
        span,
        headSpan: { start: span.start, end: firstLine.end },
        extraMarks: [],
      });
    }
    return drafts;
  }

  private tableRows(table: Table): Draft[] {
    const [header, ...rows] = table.children;
    if (!header) return [];
    const names = header.children.map((cell) => toString(cell).trim());
    const find = (re: RegExp) => names.findIndex((n) => re.test(n));
    const statusColumn = find(/^(status|state)$/i);
    const priorityColumn = find(/^(priority|prio|severity|sev)$/i);
    if (statusColumn < 0 && priorityColumn < 0) return [];
    const idColumn = find(/^(id|#|key|ref)$/i);
    let titleColumn = find(/^(issue|title|summary|description|problem|item|name)$/i);
    if (titleColumn < 0) {
      titleColumn = names.findIndex(
        (_, i) => ![statusColumn, priorityColumn, idColumn].includes(i),
      );
    }
    const drafts: Draft[] = [];
    for (const row of rows) {
      const cells = row.children.map((cell) => {
        const kids = cell.children;
        if (!kids.length) return null;
        return { start: this.span(kids[0]!).start, end: this.span(kids[kids.length - 1]!).end };
      });
      const titleCell = cells[titleColumn];
      if (!titleCell) continue;
      const head = this.readHead(titleCell.start, titleCell.end);
      const idCell = cells[idColumn];
      if (idCell) head.explicitId = this.text.slice(idCell.start, idCell.end).trim() || null;
      const priorityCell = cells[priorityColumn];
      if (priorityCell) {
        head.priority = priorityOf(this.text.slice(priorityCell.start, priorityCell.end));
      }
      const fields: Field[] = [];
      const extraMarks: StatusMark[] = [];
      cells.forEach((cell, i) => {
        if (!cell || i === titleColumn) return;
        fields.push({
          key: names[i] ?? '',
          value: this.text.slice(cell.start, cell.end),
          range: this.at.range(cell.start, cell.end),
          valueRange: this.at.range(cell.start, cell.end),
        });
        if (i === statusColumn) extraMarks.push(...this.cellMarks(cell));
      });
      const span = this.span(row);
      drafts.push({ family: 'table-row', head, fields, span, headSpan: span, extraMarks });
    }
    return drafts;
  }

  private cellMarks(cell: Span): StatusMark[] {
    const marks: StatusMark[] = [];
    const source = this.text.slice(cell.start, cell.end);
    const emoji = LEADING_EMOJI.exec(source);
    let at = cell.start;
    if (emoji) {
      const status = statusOfEmoji(emoji[0]);
      if (status) marks.push(this.mark('emoji', at, at + emoji[0].length, status));
      at += emoji[0].length;
    }
    marks.push(...this.leadingWordMark(at, cell.end));
    return marks;
  }

  private leadingWordMark(start: number, end: number): StatusMark[] {
    const source = this.text.slice(start, end);
    const skipped = /^[\s*_]*/.exec(source)![0].length;
    const word = LEADING_STATUS_WORD.exec(source.slice(skipped));
    const status = word && statusOfWord(word[1]!);
    if (!word || !status) return [];
    return [this.mark('word', start + skipped, start + skipped + word[1]!.length, status)];
  }

  private fieldsOfList(list: List): Field[] {
    const fields: Field[] = [];
    for (const entry of list.children as ListItem[]) {
      const first = entry.children[0];
      if (first?.type !== 'paragraph') continue;
      const start = this.span(first).start;
      const field = this.field(start, this.span(entry).end);
      if (field)
        fields.push({
          ...field,
          range: this.at.range(this.span(entry).start, field.range.end.offset),
        });
    }
    return fields;
  }

  /** Reads `Key: value` / `**Key:** value` starting at `start`; the value runs to `end`. */
  private field(start: number, end: number): Field | null {
    const source = this.text.slice(start, end);
    const key = FIELD_KEY.exec(source);
    if (!key) return null;
    const rest = source.slice(key[0].length);
    const lead = rest.length - rest.trimStart().length;
    const valueStart = start + key[0].length + lead;
    const valueEnd = start + key[0].length + rest.trimEnd().length;
    return {
      key: key[2]!.trim(),
      value: this.text.slice(valueStart, Math.max(valueStart, valueEnd)),
      range: this.at.range(start, Math.max(valueStart, valueEnd)),
      valueRange: this.at.range(valueStart, Math.max(valueStart, valueEnd)),
    };
  }

  private mark(kind: StatusMark['kind'], start: number, end: number, status: Status): StatusMark {
    return { kind, status, text: this.text.slice(start, end), range: this.at.range(start, end) };
  }

  /** Reads an item's head line: mark, title, id, status words, links, dates. */
  private readHead(start: number, end: number): Head {
    const s = this.text.slice(start, end);
    const marks: StatusMark[] = [];
    let unknownEmoji: Head['unknownEmoji'] = null;
    let i = s.length - s.trimStart().length;

    const checkbox = /^\[([ xX])\]\s+/.exec(s.slice(i));
    if (checkbox) {
      const status = checkbox[1] === ' ' ? 'open' : 'resolved';
      marks.push(this.mark('checkbox', start + i, start + i + 3, status));
      i += checkbox[0].length;
    }
    const emoji = LEADING_EMOJI.exec(s.slice(i));
    if (emoji) {
      const status = statusOfEmoji(emoji[0]);
      if (status) marks.push(this.mark('emoji', start + i, start + i + emoji[0].length, status));
      else unknownEmoji = { text: emoji[0], offset: start + i };
      i += emoji[0].length;
      i += s.slice(i).length - s.slice(i).trimStart().length;
    }

    let titleStart = i;
    let titleEnd: number;
    let after: number;
    const strike = s.startsWith('~~', i) ? s.indexOf('~~', i + 2) : -1;
    const strong = /^(\*\*|__)/.exec(s.slice(i))?.[1];
    const strongEnd = strong ? s.indexOf(strong, i + 2) : -1;
    if (strike > i) {
      marks.push(this.mark('strike', start + i, start + strike + 2, 'resolved'));
      titleStart = i + 2;
      titleEnd = strike;
      after = strike + 2;
    } else if (strong && strongEnd > i + 2) {
      titleStart = i + 2;
      titleEnd = strongEnd;
      after = strongEnd + 2;
    } else {
      const ends = TITLE_ENDS.map((e) => s.indexOf(e, i)).filter((x) => x >= 0);
      titleEnd = ends.length ? Math.min(...ends) : Math.max(i, s.trimEnd().length);
      after = titleEnd;
    }

    let title = plainText(s.slice(titleStart, titleEnd));
    let explicitId: string | null = null;
    const id = ID_PATTERN.exec(title);
    if (id) {
      explicitId = id[1]!;
      title = title.slice(id[0].length).trim();
      if (!title) {
        // `**KI-3**: Title …`: the title follows the bold id.
        const rest = s.slice(after).replace(/^\s*[:.—–-]\s*/, '');
        const restStart = s.length - rest.length;
        const ends = TITLE_ENDS.map((e) => rest.indexOf(e)).filter((x) => x >= 0);
        const restEnd = ends.length ? Math.min(...ends) : rest.trimEnd().length;
        title = plainText(rest.slice(0, restEnd));
        titleStart = restStart;
        titleEnd = restStart + restEnd;
        after = titleEnd;
      }
    }

    const restStart = start + after;
    const rest = this.text.slice(restStart, end);
    const blockedBy: BlockedBy[] = [];
    for (const m of rest.matchAll(BLOCKED_BY)) {
      const at = restStart + m.index;
      blockedBy.push({
        text: m[1]!.trim(),
        itemIds: [],
        range: this.at.range(at, at + m[0].length),
      });
      marks.push(this.mark('blocked-by', at, at + m[0].length, 'blocked'));
    }
    for (const m of rest.matchAll(TRAILING_STATUS_WORD)) {
      const at = restStart + m.index;
      const inPhrase = blockedBy.some((b) => at >= b.range.start.offset && at < b.range.end.offset);
      const status = statusOfWord(m[1]!);
      if (!inPhrase && status) marks.push(this.mark('word', at, at + m[1]!.length, status));
    }
    const issueMatch = ISSUE.exec(rest);
    const issue = issueMatch
      ? {
          number: Number(issueMatch[1] ?? issueMatch[2] ?? issueMatch[3]),
          range: this.at.range(
            restStart + issueMatch.index,
            restStart + issueMatch.index + issueMatch[0].length,
          ),
        }
      : null;
    const dates: ItemDate[] = [];
    for (const m of rest.matchAll(DATE)) {
      const at = restStart + m.index;
      dates.push({ label: m[1] ?? null, date: m[2]!, range: this.at.range(at, at + m[0].length) });
    }
    const tag = /\[(P[0-3])\]|\((P[0-3])\)/.exec(rest);
    return {
      marks,
      title,
      titleSpan: { start: start + titleStart, end: start + titleEnd },
      explicitId,
      issue,
      dates,
      blockedBy,
      priority: tag ? ((tag[1] ?? tag[2]) as Priority) : null,
      unknownEmoji,
    };
  }

  private finish(drafts: SectionDraft[]): Section[] {
    const seen = new Map<string, number>();
    const sections = drafts.map((section) => ({
      heading: section.heading,
      depth: section.depth,
      priority: section.priority,
      kind: section.kind,
      date: section.date,
      range: this.at.range(section.span.start, section.span.end),
      headingRange: this.at.range(section.headingSpan.start, section.headingSpan.end),
      items: section.drafts.map((draft) => this.item(draft, section, seen)),
    }));
    const items = sections.flatMap((s) => s.items);
    for (const item of items) {
      for (const blocked of item.blockedBy)
        blocked.itemIds = resolveReference(blocked.text, item, items);
    }
    return sections;
  }

  private item(draft: Draft, section: SectionDraft, seen: Map<string, number>): Item {
    const { head, fields } = draft;
    const marks = [...head.marks, ...draft.extraMarks];
    const statusField = fields.find((f) => /^status$/i.test(f.key));
    if (statusField && draft.family !== 'table-row') {
      marks.push(
        ...this.leadingWordMark(
          statusField.valueRange.start.offset,
          statusField.valueRange.end.offset,
        ),
      );
    }
    const fieldPriority = fields.find((f) => /^(priority|severity)$/i.test(f.key));
    const baseId = head.explicitId ?? (slugify(head.title) || 'item');
    let count = (seen.get(baseId) ?? 0) + 1;
    let id = count === 1 ? baseId : `${baseId}-${count}`;
    // A numbered id can be another item's own ("Item", "Item", "Item 2"): ids stay unique.
    while (count > 1 && seen.has(id)) id = `${baseId}-${++count}`;
    seen.set(baseId, count);
    if (id !== baseId) seen.set(id, Math.max(seen.get(id) ?? 0, 1));
    if (head.unknownEmoji) {
      const p = this.at.point(head.unknownEmoji.offset);
      this.diagnostics.push({
        line: p.line,
        column: p.column,
        rule: 'unknown-status-mark',
        severity: 'warning',
        message: `Unexpected status mark ${head.unknownEmoji.text}, expected one of ${KNOWN_EMOJI.join(' ')}`,
      });
    }
    const issue =
      head.issue ??
      fields
        .filter((f) => /^(issue|github|tracking|ticket)$/i.test(f.key))
        .map((f) => issueInField(f, this.at))
        .find((x) => x) ??
      null;
    const dates = [
      ...head.dates,
      ...fields.flatMap((f) =>
        [...f.value.matchAll(DATE)].map((m) => ({
          label: m[1] ?? f.key,
          date: m[2]!,
          range: this.at.range(
            f.valueRange.start.offset + m.index,
            f.valueRange.start.offset + m.index + m[0].length,
          ),
        })),
      ),
    ];
    return {
      id,
      explicitId: head.explicitId,
      title: head.title,
      family: draft.family,
      status: decideStatus(marks),
      priority:
        (fieldPriority && priorityOf(fieldPriority.value)) ?? head.priority ?? section.priority,
      marks,
      fields,
      dates,
      blockedBy: head.blockedBy,
      issue,
      range: this.at.range(draft.span.start, draft.span.end),
      headRange: this.at.range(draft.headSpan.start, draft.headSpan.end),
      titleRange: this.at.range(head.titleSpan.start, head.titleSpan.end),
      text: this.text.slice(draft.span.start, draft.span.end),
    };
  }
}

/**
 * Decides an item's status from all its marks. A written word (Status field or column, or
 * `COMPLETE` after the title) is the most deliberate statement, then the marks that say
 * "done" (checkbox, strikethrough, ✅), then `BLOCKED by`, then the emoji.
 */
export function decideStatus(marks: Pick<StatusMark, 'kind' | 'status'>[]): Status {
  const word = marks.find((m) => m.kind === 'word');
  if (word) return word.status;
  if (marks.some((m) => m.status === 'resolved')) {
    // `[x] ➖ Title`: closed, and the emoji says it was not fixed.
    return marks.some((m) => m.kind === 'emoji' && m.status === 'wont_fix')
      ? 'wont_fix'
      : 'resolved';
  }
  if (marks.some((m) => m.kind === 'blocked-by')) return 'blocked';
  return marks.find((m) => m.kind === 'emoji')?.status ?? 'open';
}

function issueInField(field: Field, at: Locator): IssueLink | null {
  const m = ISSUE.exec(field.value);
  if (!m) return null;
  const start = field.valueRange.start.offset + m.index;
  return { number: Number(m[1] ?? m[2] ?? m[3]), range: at.range(start, start + m[0].length) };
}

/** Splits `**Status:** OPEN | **Owner:** team` into the spans of its fields. */
function splitInlineFields(text: string, line: Span): Span[] {
  const source = text.slice(line.start, line.end);
  const parts: Span[] = [];
  let start = 0;
  for (const m of source.matchAll(/\s+\|\s+(?=\*\*|__)/g)) {
    parts.push({ start: line.start + start, end: line.start + m.index });
    start = m.index + m[0].length;
  }
  parts.push({ start: line.start + start, end: line.end });
  return parts;
}

/** Markdown inline source as plain text: no emphasis, strikethrough or code marks. */
export function plainText(source: string): string {
  return source
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|\s)[*_](\S)/g, '$1$2')
    .replace(/(\S)[*_](\s|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:;,.-]+$/, '');
}

/** A stable id from a title: lower case words joined by dashes. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

function normalizeHeading(text: string): string {
  return text
    .replace(/[^\p{Letter}\p{Number} ]/gu, '')
    .trim()
    .toLowerCase();
}

const STOP_WORDS = new Set([
  'issue',
  'issues',
  'problem',
  'problems',
  'the',
  'and',
  'with',
  'for',
  'bug',
  'bugs',
  'fix',
  'fixes',
  'item',
  'items',
  'being',
  'resolved',
  'still',
  'until',
]);

const stem = (word: string) => word.toLowerCase().replace(/(ing|ed|es|s)$/, '');

/**
 * The items a `BLOCKED by …` phrase names: by id, by exact title, else the items whose
 * title holds every significant word of the phrase ("build issues" → "Production Build Fails").
 */
export function resolveReference(text: string, from: Item, items: Item[]): string[] {
  const others = items.filter((i) => i !== from);
  const byId = others.filter((i) => i.explicitId && new RegExp(`\\b${i.explicitId}\\b`).test(text));
  if (byId.length) return byId.map((i) => i.id);
  const wanted = plainText(text).toLowerCase();
  const exact = others.filter((i) => i.title.toLowerCase() === wanted);
  if (exact.length) return exact.map((i) => i.id);
  const words = wanted
    .split(/[^\p{Letter}\p{Number}]+/u)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
    .map(stem);
  if (!words.length) return [];
  const matches = others.filter((i) => {
    const title = new Set(
      i.title
        .toLowerCase()
        .split(/[^\p{Letter}\p{Number}]+/u)
        .map(stem),
    );
    return words.every((w) => title.has(w));
  });
  const open = matches.filter((i) => i.status !== 'resolved' && i.status !== 'wont_fix');
  return (open.length ? open : matches).map((i) => i.id);
}
