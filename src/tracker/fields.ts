import type { List, Paragraph, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Field, Status, StatusMark } from './schema.js';
import type { Source, Span } from './source.js';
import { LEADING_EMOJI, LEADING_STATUS_WORD, statusOfEmoji, statusOfWord } from './vocabulary.js';

/**
 * Matches a field key at the start of a line: `Key:`, `**Key:**`, `**Key**:`, `状態：` (a key
 * starts with a letter of any script and is at most 40 characters).
 */
const FIELD_KEY = /^(\*\*|__)?(\p{L}[\p{L}\p{N} .'/&()-]{0,40}?)(?:：\1|\1：|(?::\1|\1:)(?=\s|$))/u;
/** Matches a field that is bold as a whole: `**Status: FIXED in build 812.**`. */
const BOLD_FIELD = /^(\*\*|__)(\p{L}[\p{L}\p{N} .'/&()-]{0,40}?)[:：]\s*(\S.*?)\1(?=\s|$)/u;
/** Matches the ` | ` between two bold fields on one line: `**Status:** OPEN | **Owner:** team`. */
const INLINE_FIELD_BREAK = /\s+\|\s+(?=\*\*|__)/g;
/** Matches what may come before a value's status: spaces, `**`, `_`. */
const VALUE_LEAD = /^[\s*_]*/;

/** Reads `Key: value` (`**Key:** value`, `**Key: value**`) at `start`; the value runs to `end`. */
export function readField(source: Source, start: number, end: number): Field | null {
  const text = source.text.slice(start, end);
  const key = FIELD_KEY.exec(text);
  let valueStart: number;
  let valueEnd: number;
  if (key) {
    const rest = text.slice(key[0].length);
    valueStart = start + key[0].length + (rest.length - rest.trimStart().length);
    valueEnd = Math.max(valueStart, start + key[0].length + rest.trimEnd().length);
  } else {
    const bold = BOLD_FIELD.exec(text);
    if (!bold) return null;
    valueStart = start + bold[0].length - bold[1]!.length - bold[3]!.length;
    valueEnd = valueStart + bold[3]!.length;
  }
  const name = (key ?? BOLD_FIELD.exec(text))![2]!.trim();
  return {
    key: name,
    value: source.text.slice(valueStart, valueEnd),
    range: source.range(start, valueEnd),
    valueRange: source.range(valueStart, valueEnd),
  };
}

/** The fields of a list: every entry that reads `Key: value`; nested lists are values. */
export function fieldsOfList(source: Source, list: List): Field[] {
  const fields: Field[] = [];
  for (const entry of list.children) {
    const first = entry.children[0];
    if (first?.type !== 'paragraph') continue;
    const field = readField(source, source.span(first).start, source.span(entry).end);
    if (field)
      fields.push({
        ...field,
        range: source.range(source.span(entry).start, field.range.end.offset),
      });
  }
  return fields;
}

/** The fields of a paragraph: one or more per line (`**Status:** OPEN | **Owner:** team`). */
export function fieldsOfParagraph(source: Source, paragraph: Paragraph): Field[] {
  const fields: Field[] = [];
  for (const line of source.lines(source.span(paragraph))) {
    const text = source.slice(line);
    let from = 0;
    const parts: Span[] = [];
    for (const m of text.matchAll(INLINE_FIELD_BREAK)) {
      parts.push({ start: line.start + from, end: line.start + m.index });
      from = m.index + m[0].length;
    }
    parts.push({ start: line.start + from, end: line.end });
    for (const part of parts) {
      const field = readField(source, part.start, part.end);
      if (field) fields.push(field);
    }
  }
  return fields;
}

/** The fields of a two-column key/value table under a heading item (`| Status | ✅ FIXED |`). */
export function fieldsOfTable(source: Source, table: Table): Field[] {
  const fields: Field[] = [];
  for (const row of table.children.slice(1)) {
    const [key, value] = row.children;
    if (row.children.length !== 2 || !key?.children.length || !value?.children.length) continue;
    const span = {
      start: source.span(value.children[0]!).start,
      end: source.span(value.children[value.children.length - 1]!).end,
    };
    fields.push({
      key: toString(key).trim(),
      value: source.slice(span),
      range: source.range(source.span(row).start, span.end),
      valueRange: source.range(span.start, span.end),
    });
  }
  return fields;
}

/** Whether a table is a two-column key/value table (`| Key | Value |`). */
export const isKeyValueTable = (table: Table): boolean =>
  table.children.every((row) => row.children.length === 2);

/** The status marks at the start of a Status value or cell: an emoji, a word, or both (`✅ FIXED`). */
export function valueMarks(source: Source, start: number, end: number): StatusMark[] {
  const marks: StatusMark[] = [];
  let at = start + VALUE_LEAD.exec(source.text.slice(start, end))![0].length;
  const emoji = LEADING_EMOJI.exec(source.text.slice(at, end));
  if (emoji) {
    const status = statusOfEmoji(emoji[0]);
    if (status) marks.push(source.mark('emoji', at, at + emoji[0].length, status));
    at += emoji[0].length;
  }
  const word = LEADING_STATUS_WORD.exec(source.text.slice(at, end));
  const status = word && statusOfWord(word[1]!);
  if (word && status) {
    const from = at + word[0].length - word[1]!.length;
    marks.push(source.mark('word', from, from + word[1]!.length, status));
  }
  return marks;
}

/** The status a Status value spells at its start, its word before its emoji (`✅ FIXED`). */
export function statusOfValue(value: string): Status | null {
  const text = value.replace(VALUE_LEAD, '');
  const emoji = LEADING_EMOJI.exec(text);
  const word = LEADING_STATUS_WORD.exec(text.slice(emoji?.[0].length ?? 0));
  return (word && statusOfWord(word[1]!)) || (emoji && statusOfEmoji(emoji[0])) || null;
}

/**
 * Whether a value starts with a status: `open`, `✅ Resolved in 1.4`, `🚧 Being worked on`; with
 * `word`, only a status word counts (`✅ Pass` on a scorecard, `🔴 High` effort say no status).
 */
export function leadsWithStatus(value: string, word = false): boolean {
  const text = value.replace(VALUE_LEAD, '');
  const emoji = LEADING_EMOJI.exec(text);
  if (!word && emoji && statusOfEmoji(emoji[0])) return true;
  return LEADING_STATUS_WORD.test(text.slice(emoji?.[0].length ?? 0));
}
