import type { TrackerEdit } from '../tracker/edit.js';
import { isOpenStatus, type Item, type Status } from '../tracker/schema.js';
import type { PlannedEdit } from './plan.js';

/** An edit that sets a blocked item open again. */
export interface UnblockEdit extends PlannedEdit {
  edit: Extract<TrackerEdit, { kind: 'set-status' }>;
}

/**
 * The items a run unblocks: blocked items whose blockers are all resolved now and at least one
 * of them by this run (open in `before`, resolved in `after`). An item whose blockers were
 * resolved earlier stays as a person left it: they may have blocked it again on purpose.
 * `after` gains the unblocked items as open.
 */
export function unblockEdits(
  items: Item[],
  before: ReadonlyMap<string, Status>,
  after: Map<string, Status>,
): UnblockEdit[] {
  const titles = new Map(items.map((i) => [i.id, i.title]));
  const edits: UnblockEdit[] = [];
  for (const item of items) {
    if (after.get(item.id) !== 'blocked' || !item.blockedBy.length) continue;
    const blockers = item.blockedBy.flatMap((b) => b.itemIds);
    const freed = blockers.filter(
      (id) => after.get(id) === 'resolved' && isOpenStatus(before.get(id) ?? 'open'),
    );
    const stillBlocked = blockers.some((id) => isOpenStatus(after.get(id) ?? 'open'));
    if (!freed.length || stillBlocked) continue;
    edits.push({
      edit: { kind: 'set-status', itemId: item.id, status: 'open' },
      reason: `"${item.title}" is unblocked: ${freed.map((id) => `"${titles.get(id) ?? id}"`).join(', ')} resolved`,
    });
    after.set(item.id, 'open');
  }
  return edits;
}
