import { Locator } from './locator.js';
import type { Range, Status, StatusMark } from './schema.js';

/** A half-open span `[start, end)` of the tracker text, as UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

interface Positioned {
  position?: { start: { offset?: number }; end: { offset?: number } };
}

/**
 * The tracker text as the readers see it: node positions shifted past a BOM, slices, lines,
 * ranges and marks. remark parses the text without its BOM; every offset here is into the file.
 */
export class Source {
  readonly at: Locator;

  constructor(
    readonly text: string,
    readonly shift: number,
  ) {
    this.at = new Locator(text);
  }

  span(node: Positioned): Span {
    return {
      start: (node.position?.start.offset ?? 0) + this.shift,
      end: (node.position?.end.offset ?? 0) + this.shift,
    };
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  range(start: number, end: number): Range {
    return this.at.range(start, end);
  }

  mark(kind: StatusMark['kind'], start: number, end: number, status: Status): StatusMark {
    return { kind, status, text: this.text.slice(start, end), range: this.range(start, end) };
  }

  /** The lines of a span, each without its line break (`\n` or `\r\n`). */
  lines(span: Span): Span[] {
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
}
