import { toString } from 'mdast-util-to-string';
import { ID_PATTERN, WHOLE_ID, cleanId, splitId } from './ids.js';
import { type Piece, contentSpan, plainOf, tidy, within } from './inline.js';
import { BOX, issueLead, tagAt } from './tags.js';
import { titleEnd, trimmed } from './title.js';
import { readNotes, type Notes } from './notes.js';
import type { Priority, StatusMark } from './schema.js';
import type { Source, Span } from './source.js';
import { LEADING_EMOJI, statusOfBox, statusOfEmoji } from './vocabulary.js';

/** What the head of an item says: marks, title, id, and the notes after the title. */
export interface Head extends Notes {
  marks: StatusMark[];
  title: string;
  titleSpan: Span;
  explicitId: string | null;
  priority: Priority | null;
  unknownEmoji: { text: string; offset: number } | null;
  /** The head says by itself that it is an item: it leads with a checkbox, a status emoji or a status or priority tag. */
  marked: boolean;
  /** How a heading reads as an issue: `Issue #1:` or `1.` before its title. */
  prefix: 'issue' | 'number' | null;
}

export interface HeadOptions {
  /** Where the title must end (the end of the first line); notes run to the end of the pieces. */
  titleLimit?: number;
  /** A heading: `Issue #1:` and `1.` prefixes are read. */
  heading?: boolean;
}

/** Matches the separator between a bold or code id and the title: `: `, ` — `. */
const ID_SEPARATOR = /^\s*[:.—–-]?\s*/;
/** Matches leading white space. */
const SPACE = /^\s+/;

/** Reads an item's head from its pieces: leading marks, id, title, then the notes after it. */
export function readHead(source: Source, pieces: Piece[], options: HeadOptions = {}): Head {
  return new HeadReader(source, pieces, options).read();
}

class HeadReader {
  private k = 0;
  private pos: number;
  private readonly marks: StatusMark[] = [];
  private unknownEmoji: Head['unknownEmoji'] = null;
  private priority: Priority | null = null;
  private titleFrom: number | null = null;

  constructor(
    private readonly source: Source,
    private readonly pieces: Piece[],
    private readonly options: HeadOptions,
  ) {
    this.pos = pieces[0]?.start ?? 0;
  }

  read(): Head {
    this.leadingMarks();
    const marked = this.marks.length > 0 || this.priority !== null;
    const prefix = this.options.heading ? this.prefix() : null;
    const lead = this.id();
    const read = this.title();
    const { titleSpan, after } = read;
    // `**KI-6: Crash on save**`: the id is inside the bold title.
    const { id, title } = lead ? { id: lead, title: read.title } : splitId(read.title);
    const end = this.pieces.at(-1)?.end ?? after;
    const notes = readNotes(this.source, within(this.pieces, after, end), after, end);
    const explicitId = id ? cleanId(id) : null;
    return {
      ...notes,
      marks: [...this.marks, ...notes.marks],
      // `### BUG-2025-03-14-LOGIN-LOOP` alone: the id is all the title there is.
      title: title || explicitId || '',
      titleSpan,
      explicitId,
      priority: this.priority ?? notes.priority,
      unknownEmoji: this.unknownEmoji,
      marked,
      prefix,
    };
  }

  private get piece(): Piece | undefined {
    return this.pieces[this.k];
  }

  /** The rest of the current piece when it is text. */
  private text(): string | null {
    const p = this.piece;
    return p?.type === 'text' ? this.source.text.slice(this.pos, p.end) : null;
  }

  private advance(length: number): void {
    this.pos += length;
    if (this.pos >= (this.piece?.end ?? 0)) this.next();
  }

  private next(): void {
    this.k++;
    this.pos = this.piece?.start ?? this.pos;
  }

  private skipSpace(): void {
    for (let t = this.text(); t !== null; t = this.text()) {
      const space = SPACE.exec(t)?.[0].length ?? 0;
      if (!space) return;
      this.advance(space);
    }
  }

  /** Checkboxes, emoji and tags before the title, in any order (`[x] ✅ **[done]** Title`). */
  private leadingMarks(): void {
    for (let progress = true; progress;) {
      this.skipSpace();
      progress = this.box() || this.emoji() || this.tag();
    }
  }

  private box(): boolean {
    const box = BOX.exec(this.text() ?? '');
    const status = box && statusOfBox(box[0]);
    if (!box || !status) return false;
    this.marks.push(this.source.mark('checkbox', this.pos, this.pos + box[0].length, status));
    this.advance(box[0].length);
    return true;
  }

  private emoji(): boolean {
    const emoji = LEADING_EMOJI.exec(this.text() ?? '');
    if (!emoji) return false;
    const status = statusOfEmoji(emoji[0]);
    if (status)
      this.marks.push(this.source.mark('emoji', this.pos, this.pos + emoji[0].length, status));
    else this.unknownEmoji ??= { text: emoji[0], offset: this.pos };
    this.advance(emoji[0].length);
    return true;
  }

  /** `[done]`, `**[blocked]**`, `**URGENT**`, `** IMPORTANT **`: a status, a priority or decoration. */
  private tag(): boolean {
    const p = this.piece;
    const tag = p && tagAt(this.source, p, this.pos, this.k < this.pieces.length - 1);
    if (!tag) return false;
    if (tag.mark) this.marks.push(tag.mark);
    this.priority ??= tag.priority;
    this.advance(tag.length);
    return true;
  }

  private prefix(): Head['prefix'] {
    const lead = issueLead(this.text() ?? '');
    if (lead) this.advance(lead.length);
    return lead?.prefix ?? null;
  }

  /** `KI-3: `, `` `KI-3` ``, `**KI-3**:` before the title. */
  private id(): string | null {
    const p = this.piece;
    const t = this.text();
    if (t !== null) {
      const id = ID_PATTERN.exec(t);
      if (!id) return null;
      // The title's range starts at an id written in its text (`KI-1: Login broken`).
      this.titleFrom = this.pos;
      this.advance(id[0].length);
      return id[1]!;
    }
    if (p?.type !== 'inlineCode' && p?.type !== 'strong') return null;
    const value = toString(p.node).trim();
    if (!WHOLE_ID.test(value)) return null;
    this.next();
    const separator = ID_SEPARATOR.exec(this.text() ?? '')?.[0].length ?? 0;
    if (separator) this.advance(separator);
    return value;
  }

  private title(): { title: string; titleSpan: Span; after: number } {
    const p = this.piece;
    if (p && (p.type === 'delete' || p.type === 'strong')) {
      if (p.type === 'delete')
        this.marks.push(this.source.mark('strike', p.start, p.end, 'resolved'));
      return {
        title: tidy(toString(p.node)),
        titleSpan: contentSpan(this.source, p),
        after: p.end,
      };
    }
    const start = this.pos;
    // `### BUG-7 (#12)`: nothing but the id before the notes.
    if (this.titleFrom !== null && this.text()?.startsWith('(')) {
      return { title: '', titleSpan: trimmed(this.source, this.titleFrom, start), after: start };
    }
    const limit = Math.min(this.options.titleLimit ?? Infinity, this.pieces.at(-1)?.end ?? start);
    const run = within(this.pieces, start, limit);
    const end = titleEnd(this.source, run, limit);
    const span = trimmed(this.source, this.titleFrom ?? start, end);
    return { title: plainOf(this.source, within(run, start, end)), titleSpan: span, after: end };
  }
}
