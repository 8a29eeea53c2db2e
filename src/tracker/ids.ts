/** An explicit id: `KI-3`, `CR-1`, `BUG-2025-03-14-LOGIN-LOOP` (it may hold a date and more dashed parts). */
const ID = '[A-Z][A-Z0-9]{0,9}-\\d+(?:-[A-Z0-9]+)*';

/** Matches an explicit id at the start of a title and the separator after it (`KI-3: `, `CR-1 `). */
export const ID_PATTERN = new RegExp(`^(${ID})(?:\\s*[:.—–-]\\s*|\\s+|$)`);

/** Matches a whole explicit id, as a bold or code lead or an ID cell holds it. */
export const WHOLE_ID = new RegExp(`^${ID}$`);

/** A title's leading id and the rest (`KI-6: Crash on save`); no id when nothing would be left. */
export function splitId(title: string): { id: string | null; title: string } {
  const m = ID_PATTERN.exec(title);
  return m && title.length > m[0].length
    ? { id: m[1]!, title: title.slice(m[0].length).trim() }
    : { id: null, title };
}

/** Matches the backticks an id may be written in (`` `KI-3` ``). */
const BACKTICKS = /^`+|`+$/g;

/** An explicit id as written in a heading, a bold lead or an ID column: trimmed, backticks stripped; null when empty. */
export function cleanId(raw: string): string | null {
  const id = raw.trim().replace(BACKTICKS, '').trim();
  return id || null;
}

/** A stable id from a title: lower case words joined by dashes. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{Letter}\p{Number}]+/gu, '-') // every run of what is not a letter or digit
    .replace(/^-+|-+$/g, '') // dashes at either end
    .slice(0, 60)
    .replace(/-+$/, ''); // a dash the cut left at the end
}

/**
 * The id an item has before copies are numbered: its explicit id, else the slug of its title.
 * Parse, lint and plan call this one function, so they agree on which items are the same.
 */
export function baseIdOf(item: { explicitId: string | null; title: string }): string {
  return item.explicitId ?? (slugify(item.title) || 'item');
}

/** `text` with every regular-expression character escaped, to match it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); // the characters a pattern gives a meaning
}
