import { baseIdOf } from './ids.js';
import { Locator } from './locator.js';
import { parseTracker, type ParseOptions } from './parse.js';
import { allItems, isOpenStatus, type Diagnostic, type Tracker } from './schema.js';
import { embeddedTracker } from './scope.js';
import { isStatusKey } from './vocabulary.js';

/** The model plus every diagnostic: what `check` prints and what the action annotates. */
export interface LintResult {
  tracker: Tracker;
  diagnostics: Diagnostic[];
}

/**
 * Parses and checks a tracker. Never throws on bad markdown: every problem becomes a
 * diagnostic with a position, a rule id and an "Unexpected X, expected Y" message.
 */
export function lintTracker(text: string, options: ParseOptions = {}): LintResult {
  const { tracker, diagnostics } = parseTracker(text, options);
  const at = new Locator(text);
  const items = allItems(tracker);
  const found = [...diagnostics];
  const report = (
    offset: number,
    rule: string,
    severity: Diagnostic['severity'],
    message: string,
  ) => {
    const { line, column } = at.point(offset);
    found.push({ line, column, rule, severity, message });
  };

  // Most likely the wrong file or section: say so rather than report a clean, empty tracker.
  if (!items.length) {
    report(
      tracker.scope.start.offset,
      'no-items',
      'warning',
      'Unexpected tracker without items, expected status-emoji lines, checkbox items, `### KI-n` headings or a table with a Status column',
    );
  }

  // A CLAUDE.md or a README with a "Known Issues" section: read as a whole, the rest of the
  // document is no tracker, so only items that tell themselves apart are read. Say which section.
  const embedded = options.section?.trim()
    ? null
    : embeddedTracker(tracker.title, tracker.sections);
  if (embedded) {
    report(
      embedded.headingRange.start.offset,
      'embedded-tracker',
      'warning',
      `Unexpected "${embedded.heading}" section in a document that is not itself a tracker, expected the section option to read only it: --section "${embedded.heading}" (input section)`,
    );
  }

  const byBaseId = new Map<string, typeof items>();
  for (const item of items) {
    // The id the item would have alone: "Build fails on Node 24" is not a copy of "Build fails on Node".
    const base = baseIdOf(item);
    byBaseId.set(base, [...(byBaseId.get(base) ?? []), item]);
  }
  for (const [id, group] of byBaseId) {
    if (group.length < 2) continue;
    const open = group.some((i) => isOpenStatus(i.status));
    for (const item of group.slice(1)) {
      const first = group[0]!.range.start;
      report(
        item.titleRange.start.offset,
        'duplicate-id',
        open ? 'error' : 'warning',
        `Unexpected duplicate id "${id}" (first at line ${first.line}), expected each item once`,
      );
    }
  }

  for (const item of items) {
    if (item.priority === 'P0' && isOpenStatus(item.status)) {
      const hasStatusField = item.fields.some((f) => isStatusKey(f.key));
      if (!hasStatusField && item.marks.length === 0) {
        report(
          item.titleRange.start.offset,
          'missing-status',
          'error',
          `Unexpected open P0 item "${item.title}" without a status, expected a status mark or a Status field`,
        );
      }
    }
    for (const blocked of item.blockedBy) {
      // "blocked on vendor keys" names something outside the tracker as often as not: only a
      // "blocked by" that names no item is worth a warning.
      const phrase = text.slice(blocked.range.start.offset, blocked.range.end.offset);
      const on = /^blocked\s+on\b/i.test(phrase); // `blocked on …`
      if (!blocked.itemIds.length && !on) {
        report(
          blocked.range.start.offset,
          'unknown-reference',
          'warning',
          `Unexpected reference "${blocked.text}", expected the id or title of an item in this tracker`,
        );
      }
    }
  }

  const scope = text.slice(tracker.scope.start.offset, tracker.scope.end.offset);
  // Anything shaped like a date: four digits, then one or two, then one or two.
  for (const m of scope.matchAll(/(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w-])/g)) {
    if (!isCalendarDate(m[0])) {
      report(
        tracker.scope.start.offset + m.index,
        'malformed-date',
        'error',
        `Unexpected date "${m[0]}", expected a real date as YYYY-MM-DD`,
      );
    }
  }
  found.sort((a, b) => a.line - b.line || a.column - b.column);
  return { tracker, diagnostics: found };
}

/** Whether `value` is a zero-padded YYYY-MM-DD that names a real day. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false; // zero-padded YYYY-MM-DD
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
