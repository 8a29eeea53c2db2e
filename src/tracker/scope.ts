import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Source, Span } from './source.js';
import { isSectionName, namesTracker } from './headings.js';

/** Raised when the configured section heading is not in the file: a set-up error, not bad markdown. */
export class ScopeNotFoundError extends Error {
  constructor(heading: string) {
    super(`No heading "${heading}" in the tracker; expected a heading with that text`);
    this.name = 'ScopeNotFoundError';
  }
}

/** The part of the document read as the tracker. */
export interface Scope {
  /** The blocks of the scope, without its title heading. */
  nodes: RootContent[];
  title: string | null;
  span: Span;
  /**
   * The scope is a tracker as a whole: a section chosen with the section option, or a document
   * whose title names one ("Known Issues", "TODO", "Bekannte Probleme"). In a tracker, plain
   * bullets are items under any heading; elsewhere only where a heading names issues.
   */
  tracker: boolean;
}

/** Matches what a section option may carry besides the heading's words: `#`, punctuation, emoji. */
const NOT_A_WORD = /[^\p{Letter}\p{Number} ]/gu;

/** A heading as the section option matches it: its words, lower case. */
const normalHeading = (text: string) => text.replace(NOT_A_WORD, '').trim().toLowerCase();

/** The scope: the whole document (its first `#` heading is the title), or the section `wanted`. */
export function readScope(source: Source, root: Root, wanted: string | undefined): Scope {
  const all = root.children;
  const name = wanted?.trim();
  if (!name) {
    const first = all.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
    const title = first ? toString(first).trim() : null;
    return {
      nodes: all.filter((n) => n !== first),
      title,
      span: { start: 0, end: source.text.length },
      tracker: isTrackerTitle(title),
    };
  }
  const startIndex = all.findIndex(
    (n) => n.type === 'heading' && normalHeading(toString(n)) === normalHeading(name),
  );
  if (startIndex < 0) throw new ScopeNotFoundError(wanted!);
  const heading = all[startIndex] as Heading;
  let endIndex = all.findIndex(
    (n, i) => i > startIndex && n.type === 'heading' && n.depth <= heading.depth,
  );
  if (endIndex < 0) endIndex = all.length;
  const end = endIndex < all.length ? source.span(all[endIndex]!).start : source.text.length;
  return {
    nodes: all.slice(startIndex + 1, endIndex),
    title: toString(heading).trim(),
    span: { start: source.span(heading).start, end },
    tracker: true,
  };
}

/** Whether a document with this title is a tracker as a whole. */
export const isTrackerTitle = (title: string | null): boolean => !!title && namesTracker(title);

/**
 * The heading of a tracker kept inside a document that is not one (a CLAUDE.md, a README with
 * a "Known Issues" section): the section to read with the section option, or null.
 */
export function embeddedTracker<S extends { heading: string; depth: number }>(
  title: string | null,
  sections: readonly S[],
): S | null {
  // Without a title, the file is most likely a tracker whose sections start right away.
  if (!title || isTrackerTitle(title)) return null;
  return (
    sections.find((s) => s.depth >= 2 && namesTracker(s.heading) && isSectionName(s.heading)) ??
    null
  );
}
