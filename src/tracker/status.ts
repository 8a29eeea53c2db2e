import type { Section, Status, StatusMark, Tracker } from './schema.js';
import { statusOfHeading } from './headings.js';

/**
 * Decides an item's status from all its marks. A written word (Status field or column,
 * `COMPLETE` after the title, a `[done]` tag) is the most deliberate statement, then the marks
 * that say "done" (checkbox, strikethrough, ✅), then `BLOCKED by`, then the emoji or checkbox;
 * an item with no mark at all has the status its section implies ("Resolved"), else open.
 */
export function decideStatus(
  marks: Pick<StatusMark, 'kind' | 'status'>[],
  implied: Status | null = null,
): Status {
  const word = marks.find((m) => m.kind === 'word');
  if (word) return word.status;
  if (marks.some((m) => m.status === 'resolved')) {
    // `[x] ➖ Title`: closed, and the emoji says it was not fixed.
    return marks.some((m) => m.kind === 'emoji' && m.status === 'wont_fix')
      ? 'wont_fix'
      : 'resolved';
  }
  if (marks.some((m) => m.kind === 'blocked-by')) return 'blocked';
  return (marks.find((m) => m.kind === 'emoji') ?? marks[0])?.status ?? implied ?? 'open';
}

/**
 * The status a section gives the items in it that carry no mark: the one its heading names
 * ("Resolved", "Done", "Won't fix", "In progress"), else its parent section's.
 */
export function impliedStatusOf(
  sections: readonly Pick<Section, 'heading' | 'depth'>[],
  section: Pick<Section, 'heading' | 'depth'>,
): Status | null {
  let depth = Infinity;
  for (let i = sections.indexOf(section); i >= 0; i--) {
    const s = sections[i]!;
    if (s.depth >= depth || !s.heading) continue;
    const status = statusOfHeading(s.heading);
    if (status) return status;
    depth = s.depth;
  }
  return null;
}

/** The section an item sits in. */
export function sectionOf(tracker: Tracker, itemId: string): Section | undefined {
  return tracker.sections.find((s) => s.items.some((i) => i.id === itemId));
}
