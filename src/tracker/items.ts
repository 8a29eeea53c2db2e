import type { Draft } from './families/family.js';
import { valueMarks } from './fields.js';
import { baseIdOf } from './ids.js';
import { plainText } from './inline.js';
import { DATE, issueInText } from './notes.js';
import type { Diagnostic, Item, Priority, Status } from './schema.js';
import type { Source } from './source.js';
import { decideStatus } from './status.js';
import { KNOWN_EMOJI, isKey, isStatusKey, priorityOf } from './vocabulary.js';

/** Numbers the copies of a base id: `item`, `item-2`, … so that ids stay unique. */
export class IdCounter {
  private readonly seen = new Map<string, number>();

  next(base: string): string {
    let count = (this.seen.get(base) ?? 0) + 1;
    let id = count === 1 ? base : `${base}-${count}`;
    // A numbered id can be another item's own ("Item", "Item", "Item 2"): ids stay unique.
    while (count > 1 && this.seen.has(id)) id = `${base}-${++count}`;
    this.seen.set(base, count);
    if (id !== base) this.seen.set(id, Math.max(this.seen.get(id) ?? 0, 1));
    return id;
  }
}

/**
 * An item from a family's draft: its id, its status from every mark (and the status its section
 * implies), its priority (field or column, tag, else the section's), issue link and dates.
 */
export function toItem(
  source: Source,
  draft: Draft,
  section: { priority: Priority | null; implied: Status | null },
  ids: IdCounter,
  diagnostics: Diagnostic[],
): Item {
  const { head, fields } = draft;
  const marks = [...head.marks, ...draft.extraMarks];
  const statusField = fields.find((f) => isStatusKey(f.key));
  if (statusField && draft.family !== 'table-row') {
    marks.push(
      ...valueMarks(source, statusField.valueRange.start.offset, statusField.valueRange.end.offset),
    );
  }
  const fieldPriority = fields.find((f) => isKey('priority', f.key));
  if (head.unknownEmoji) {
    const p = source.at.point(head.unknownEmoji.offset);
    diagnostics.push({
      line: p.line,
      column: p.column,
      rule: 'unknown-status-mark',
      severity: 'warning',
      message: `Unexpected status mark ${head.unknownEmoji.text}, expected one of ${KNOWN_EMOJI.join(' ')}`,
    });
  }
  const issue =
    head.issue ??
    fields
      .filter((f) => isKey('issue', f.key))
      .map((f) => issueInText(source, f.valueRange.start.offset, f.valueRange.end.offset))
      .find((x) => x) ??
    null;
  const dates = [
    ...head.dates,
    ...fields.flatMap((f) =>
      [...f.value.matchAll(DATE)].map((m) => ({
        label: m[1] ?? f.key,
        date: m[2]!,
        range: source.range(
          f.valueRange.start.offset + m.index,
          f.valueRange.start.offset + m.index + m[0].length,
        ),
      })),
    ),
  ];
  return {
    id: ids.next(baseIdOf(head)),
    explicitId: head.explicitId,
    title: head.title,
    family: draft.family,
    status: decideStatus(marks, section.implied),
    priority:
      (fieldPriority && priorityOf(fieldPriority.value)) ?? head.priority ?? section.priority,
    marks,
    fields,
    dates,
    blockedBy: head.blockedBy,
    issue,
    range: source.range(draft.span.start, draft.span.end),
    headRange: source.range(draft.headSpan.start, draft.headSpan.end),
    titleRange: source.range(head.titleSpan.start, head.titleSpan.end),
    text: source.slice(draft.span),
  };
}

/** Words a loose reference leaves out when it names an item by its title. */
const STOP_WORDS = new Set([
  'issue',
  'issues',
  'problem',
  'problems',
  'the',
  'and',
  'with',
  'for',
  'bug',
  'bugs',
  'fix',
  'fixes',
  'item',
  'items',
  'being',
  'resolved',
  'still',
  'until',
]);

/** Matches the endings a word loses to its stem: "failing" and "fails" are "fail". */
const ENDING = /(ing|ed|es|s)$/;
/** Matches what separates words: anything but letters and digits. */
const NON_WORD = /[^\p{Letter}\p{Number}]+/u;

const stem = (word: string) => word.toLowerCase().replace(ENDING, '');

/**
 * The items a `BLOCKED by …` phrase names: by id (matched literally: `KI-1+` is no pattern
 * and does not name `KI-11`), by exact title, else the items whose title holds every
 * significant word of the phrase ("build issues" → "Production Build Fails").
 */
export function resolveReference(text: string, from: Item, items: Item[]): string[] {
  return new ItemIndex(items).resolve(text, from);
}

/**
 * The items of one parse indexed by explicit id, title and title words, built once, so that
 * resolving every `BLOCKED by` phrase costs the length of the phrase, not the number of items.
 */
export class ItemIndex {
  private readonly position = new Map<Item, number>();
  private readonly byExplicitId = new Map<string, Item[]>();
  private readonly idLengths: number[];
  private readonly byTitle = new Map<string, Item[]>();
  private readonly byWord = new Map<string, Item[]>();
  private readonly titleWords = new Map<Item, Set<string>>();

  constructor(items: Item[]) {
    items.forEach((item, at) => {
      this.position.set(item, at);
      if (item.explicitId) push(this.byExplicitId, item.explicitId, item);
      push(this.byTitle, item.title.toLowerCase(), item);
      const words = new Set(item.title.toLowerCase().split(NON_WORD).map(stem));
      this.titleWords.set(item, words);
      for (const word of words) push(this.byWord, word, item);
    });
    this.idLengths = [...new Set([...this.byExplicitId.keys()].map((id) => id.length))];
  }

  /** The ids of the items `text` names, in document order, never `from` itself. */
  resolve(text: string, from: Item): string[] {
    const others = (found: Iterable<Item>) =>
      [...new Set(found)]
        .filter((i) => i !== from)
        .sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    // The id alone, not inside a longer id (`KI-1` is not in `KI-11` or `X-KI-1`).
    const byId = others(this.idsIn(text));
    if (byId.length) return byId.map((i) => i.id);
    const wanted = plainText(text).toLowerCase();
    const exact = others(this.byTitle.get(wanted) ?? []);
    if (exact.length) return exact.map((i) => i.id);
    const words = wanted
      .split(NON_WORD)
      .filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
      .map(stem);
    if (!words.length) return [];
    const fewest = words
      .map((w) => this.byWord.get(w) ?? [])
      .reduce((a, b) => (b.length < a.length ? b : a));
    const matches = others(
      fewest.filter((i) => words.every((w) => this.titleWords.get(i)!.has(w))),
    );
    const open = matches.filter((i) => i.status !== 'resolved' && i.status !== 'wont_fix');
    return (open.length ? open : matches).map((i) => i.id);
  }

  /** The items whose explicit id stands in `text` on its own (no word character or `-` beside it). */
  private *idsIn(text: string): Generator<Item> {
    for (const length of this.idLengths) {
      for (let at = 0; at + length <= text.length; at++) {
        const items = this.byExplicitId.get(text.slice(at, at + length));
        if (items && !ID_CHAR.test(text[at - 1] ?? '') && !ID_CHAR.test(text[at + length] ?? ''))
          yield* items;
      }
    }
  }
}

/** A character that continues an id: a word character or `-`. */
const ID_CHAR = /[\w-]/;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
