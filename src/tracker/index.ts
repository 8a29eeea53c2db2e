export * from './schema.js';
export {
  parseTracker,
  ScopeNotFoundError,
  slugify,
  plainText,
  type ParseOptions,
  type ParseResult,
} from './parse.js';
export { applyEdits } from './apply-edits.js';
export {
  applySplices,
  splicesFor,
  type TrackerEdit,
  type MoveTarget,
  type Splice,
} from './edit.js';
export { type NewItem } from './style.js';
export { lintTracker, isCalendarDate, type LintResult } from './lint.js';
export { baseIdOf } from './ids.js';
export { isStatusKey } from './vocabulary.js';
