import type { Priority, SectionKind, Status } from './schema.js';

const VARIATION_SELECTOR = /\uFE0F/g;

/** Status emoji as people use them, without the variation selector (U+FE0F). */
const EMOJI_STATUS: Record<string, Status> = {
  '✅': 'resolved',
  '✔': 'resolved',
  '☑': 'resolved',
  '🟢': 'resolved',
  '✓': 'resolved',
  '⚠': 'open',
  '🟡': 'in_progress',
  '❌': 'open',
  '🔴': 'open',
  '🟠': 'open',
  '⛔': 'blocked',
  '🚫': 'blocked',
  '⏸': 'blocked',
  '🚧': 'in_progress',
  '🔄': 'in_progress',
  '⏳': 'in_progress',
  '⚪': 'wont_fix',
  '➖': 'wont_fix',
};

/** The emoji a status is written with, in the two palettes trackers use. */
const PALETTES: Record<'signs' | 'lights', Record<Status, string>> = {
  signs: { open: '⚠️', in_progress: '🚧', blocked: '⛔', resolved: '✅', wont_fix: '➖' },
  lights: { open: '🔴', in_progress: '🟡', blocked: '⛔', resolved: '🟢', wont_fix: '⚪' },
};

/** Matches one pictographic character (with an optional variation selector) at the start. */
export const LEADING_EMOJI = /^(?:\p{Extended_Pictographic}|[✓☑✔])\uFE0F?/u;

export const KNOWN_EMOJI = Object.keys(EMOJI_STATUS);

/** The status an emoji stands for, or null when it is not a status mark. */
export function statusOfEmoji(emoji: string): Status | null {
  return EMOJI_STATUS[emoji.replace(VARIATION_SELECTOR, '')] ?? null;
}

/** The emoji for `status` in the palette `current` belongs to (🔴🟡🟢 or ⚠️⛔✅). */
export function emojiFor(status: Status, current: string): string {
  const lights = ['🔴', '🟡', '🟢', '🟠', '⚪'].includes(current.replace(VARIATION_SELECTOR, ''));
  return PALETTES[lights ? 'lights' : 'signs'][status];
}

const WORDS: [RegExp, Status][] = [
  [/^(?:in[ -]progress|wip|ongoing|investigating)$/i, 'in_progress'],
  [/^(?:won'?t[ -]?fix|wontfix|not planned|rejected)$/i, 'wont_fix'],
  [/^(?:complete|completed|fixed|resolved|done|closed)$/i, 'resolved'],
  [/^(?:blocked)$/i, 'blocked'],
  [/^(?:open|todo|to do|new|reopened)$/i, 'open'],
];

/** Status words at the start of a Status field or cell value, longest first. */
export const LEADING_STATUS_WORD =
  /^(in[ -]progress|won'?t[ -]?fix|wontfix|not planned|completed?|fixed|resolved|done|closed|blocked|open|todo|wip|reopened)\b/i;

/** Upper-case status words written after a title (`- **COMPLETE**`, `— FIXED`). */
export const TRAILING_STATUS_WORD =
  /(?<![\w-])(?<!\bwas\s+)(IN PROGRESS|WON'?T FIX|WONTFIX|COMPLETED?|FIXED|RESOLVED|DONE|BLOCKED|WIP|OPEN)(?![\w-])/g;

/** The status a word stands for, or null. */
export function statusOfWord(word: string): Status | null {
  const w = word.trim();
  return WORDS.find(([re]) => re.test(w))?.[1] ?? null;
}

const STATUS_WORD: Record<Status, string> = {
  open: 'open',
  in_progress: 'in progress',
  blocked: 'blocked',
  resolved: 'fixed',
  wont_fix: "won't fix",
};

/** The word for `status`, in the letter case of `like` (OPEN, Open or open). */
export function wordFor(status: Status, like: string): string {
  if (status !== 'resolved' && statusOfWord(like) === status) return like;
  const word = status === 'resolved' && /^complete/i.test(like) ? 'complete' : STATUS_WORD[status];
  if (like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0]?.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

const PRIORITY_WORDS: [RegExp, Priority][] = [
  [/\bP([0-3])\b/, 'P0'],
  [/\b(critical|blocker|urgent)\b/i, 'P0'],
  [/\b(high)\b/i, 'P1'],
  [/\b(medium|normal)\b/i, 'P2'],
  [/\b(low|minor|someday)\b/i, 'P3'],
];

/** The priority a heading, column or tag names: P0–P3 or Critical/High/Medium/Low. */
export function priorityOf(text: string): Priority | null {
  const explicit = /\bP([0-3])\b/.exec(text);
  if (explicit) return `P${explicit[1]}` as Priority;
  for (const [re, priority] of PRIORITY_WORDS.slice(1)) if (re.test(text)) return priority;
  return null;
}

/** What a section holds, from its heading. */
export function sectionKindOf(heading: string): SectionKind {
  if (/\b(recently\s+)?(fixed|completed?|resolved|done|closed|archived?)\b/i.test(heading)) {
    return 'fixed';
  }
  if (
    /\b(outstanding|open|active|current|known|issues?|problems?|blockers?|todo|backlog|next|P[0-3]|critical|high|medium|low|priority)\b/i.test(
      heading,
    )
  ) {
    return 'outstanding';
  }
  return 'other';
}
