import { readTrackerFile } from './load.js';
import { sync, type SyncOptions, type SyncResult } from './sync.js';

/** A pull-request check: what the sync would do, planned on the tracker as checked out. */
export interface CheckOptions extends Omit<SyncOptions, 'readOnly' | 'trackerText'> {
  /** The checked-out working tree, where the tracker is read at `trackerPath`. */
  workspace: string;
}

/**
 * The pull-request check: the sync's own plan against the tracker as checked out, read-only
 * (nothing is written, whatever the token may do), so the job summary shows what merging the
 * pull request would make the sync do.
 */
export async function check(options: CheckOptions): Promise<SyncResult> {
  const { workspace, ...rest } = options;
  const trackerText = await readTrackerFile(options.trackerPath, workspace);
  return sync({ ...rest, readOnly: true, trackerText });
}
