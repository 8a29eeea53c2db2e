import { readFileSync } from 'node:fs';
import { diffLines } from 'diff';
import type { ParseOptions, Range, Tracker } from '../../src/tracker/index.js';

/** Every tracker fixture, by file name without `.md`. */
export const FIXTURES = [
  'reference',
  'checkbox-list',
  'heading-items',
  'status-table',
  'claude-md',
  'crlf',
  'bom',
] as const;
export type FixtureName = (typeof FIXTURES)[number];

const cache = new Map<string, string>();

/** The fixture's text exactly as stored (BOM and CRLF kept). */
export function fixture(name: FixtureName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../fixtures/trackers/${name}.md`, import.meta.url), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** What a reader sees in a file of `fixtures/real-shapes/` (see its README). */
export interface SeenItem {
  title?: string;
  status: string;
  priority?: string | null;
  id?: string;
}

/** `fixtures/real-shapes/expected.json`: each real tracker shape and the items a reader sees there. */
export const REAL_SHAPES: Record<string, { items: SeenItem[]; notes?: string[] }> = JSON.parse(
  readFileSync(new URL('../fixtures/real-shapes/expected.json', import.meta.url), 'utf8'),
);

/** The files of `fixtures/real-shapes/`, in the order of expected.json. */
export const REAL_SHAPE_FILES = Object.keys(REAL_SHAPES);

/** A file of `fixtures/real-shapes/` exactly as stored. */
export function realShape(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`../fixtures/real-shapes/${file}`, import.meta.url), 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** How each fixture is read: the CLAUDE.md-like file only through its "Known Issues" section. */
export function optionsFor(name: FixtureName): ParseOptions {
  return name === 'claude-md' ? { section: 'Known Issues' } : {};
}

/**
 * The line diff of two texts as `-line` / `+line` entries in order (line breaks dropped, a
 * `\r` kept so CRLF shows up). Unchanged lines are left out.
 */
export function lineDiff(before: string, after: string): string[] {
  const out: string[] = [];
  for (const change of diffLines(before, after)) {
    if (!change.added && !change.removed) continue;
    const lines = change.value.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) out.push(`${change.added ? '+' : '-'}${line}`);
  }
  return out;
}

/** The 1-based line and column of `offset`, computed independently of the Locator. */
export function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Every range of a tracker model, named by where it sits (for failure messages). */
export function allRanges(tracker: Tracker): [string, Range][] {
  const out: [string, Range][] = [['scope', tracker.scope]];
  if (tracker.lastUpdated) out.push(['lastUpdated', tracker.lastUpdated.range]);
  for (const section of tracker.sections) {
    out.push(
      [`section ${section.heading}`, section.range],
      [`heading ${section.heading}`, section.headingRange],
    );
    for (const item of section.items) {
      const at = `item ${item.id}`;
      out.push(
        [`${at} range`, item.range],
        [`${at} head`, item.headRange],
        [`${at} title`, item.titleRange],
      );
      for (const m of item.marks) out.push([`${at} mark ${m.kind}`, m.range]);
      for (const f of item.fields)
        out.push([`${at} field ${f.key}`, f.range], [`${at} value ${f.key}`, f.valueRange]);
      for (const d of item.dates) out.push([`${at} date`, d.range]);
      for (const b of item.blockedBy) out.push([`${at} blockedBy`, b.range]);
      if (item.issue) out.push([`${at} issue`, item.issue.range]);
    }
  }
  return out;
}

export { seeded } from '../support/seeded.js';
