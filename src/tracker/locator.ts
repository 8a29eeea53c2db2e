import type { Point, Range } from './schema.js';

/** Turns string offsets into line/column points, once per text. */
export class Locator {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** The 1-based line and column of a UTF-16 offset. */
  point(offset: number): Point {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.point(start), end: this.point(end) };
  }
}
