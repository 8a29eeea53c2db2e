import type { Table, TableCell, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { leadsWithStatus, valueMarks } from '../fields.js';
import { readHead } from '../head.js';
import { cleanId } from '../ids.js';
import { piecesOf } from '../inline.js';
import type { Field, StatusMark } from '../schema.js';
import type { Source, Span } from '../source.js';
import { isPlaceholder } from '../headings.js';
import { columnOf, priorityOf } from '../vocabulary.js';
import type { Draft, Family } from './family.js';

/** Matches a cell that holds only dashes or dots: a placeholder row (`| — | — |`). */
const DASHES = /^[\s—–.…-]*$/;

/** The columns of a table that is a list of issues. */
interface Columns {
  names: string[];
  status: number;
  priority: number;
  id: number;
  title: number;
}

/**
 * Table rows: one item per row of a table that lists issues: a Status or Priority column
 * (its header in any of the vocabulary's languages) with an ID or title column, or status cells
 * that read as statuses; or an ID and a title column with the status in another cell
 * (`✅ Done — shipped in 2.1`). A support matrix (✅/🔴 cells), a platform table whose Status
 * says "Supported", and placeholder rows (Status None, dashes) are not items.
 */
export const tableRows: Family = {
  read(blocks, index, { source }) {
    const table = blocks[index]!;
    if (table.type !== 'table') return null;
    const columns = issueColumns(source, table);
    const drafts = columns
      ? table.children.slice(1).flatMap((row) => rowItem(source, row, columns) ?? [])
      : [];
    return { drafts, next: index + 1 };
  },
};

/** Whether a table lists issues (so that it is not a heading item's key/value table). */
export const isIssueTable = (source: Source, table: Table): boolean =>
  issueColumns(source, table) !== null;

function issueColumns(source: Source, table: Table): Columns | null {
  const [header, ...rows] = table.children;
  if (!header) return null;
  const names = header.children.map((cell) => toString(cell).trim());
  const status = columnOf('status', names);
  const priority = columnOf('priority', names);
  const id = columnOf('id', names);
  let title = columnOf('title', names);
  const readable =
    status >= 0 &&
    rows.some((row) => leadsWithStatus(cellText(source, row.children[status]), true));
  const listed = (status >= 0 || priority >= 0) && (id >= 0 || title >= 0 || readable);
  if (!listed && !(id >= 0 && title >= 0)) return null;
  if (title < 0) title = names.findIndex((_, i) => ![status, priority, id].includes(i));
  return { names, status, priority, id, title };
}

function rowItem(source: Source, row: TableRow, columns: Columns): Draft | null {
  const cells = row.children.map((cell) => contentOf(source, cell));
  const titleCell = cells[columns.title];
  if (!titleCell) return null;
  const text = (i: number) => (cells[i] ? source.slice(cells[i]) : '');
  if (cells.every((c) => !c || DASHES.test(source.slice(c)))) return null;
  // A Status of None (not a dash: a row of dashes is caught above) says the row is no item.
  const status = columns.status >= 0 ? text(columns.status) : '';
  if (!DASHES.test(status) && isPlaceholder(status)) return null;
  const head = readHead(source, piecesOf(source, row.children[columns.title]!.children, titleCell));
  if (!head.title || isPlaceholder(head.title)) return null;
  if (cells[columns.id]) head.explicitId = cleanId(text(columns.id));
  if (cells[columns.priority]) head.priority = priorityOf(text(columns.priority));

  const fields: Field[] = [];
  const extraMarks: StatusMark[] = [];
  // Without a Status column, the first other cell that starts with a status word is the
  // status cell (`✅ Done — shipped`; an emoji alone, `🔴 High` effort, says nothing).
  const statusCell =
    columns.status >= 0
      ? columns.status
      : cells.findIndex(
          (c, i) =>
            c && ![columns.title, columns.id].includes(i) && leadsWithStatus(source.slice(c), true),
        );
  cells.forEach((cell, i) => {
    if (!cell || i === columns.title) return;
    fields.push({
      key: columns.names[i] ?? '',
      value: source.slice(cell),
      range: source.range(cell.start, cell.end),
      valueRange: source.range(cell.start, cell.end),
    });
    if (i === statusCell) extraMarks.push(...valueMarks(source, cell.start, cell.end));
  });
  const span = source.span(row);
  return { family: 'table-row', head, fields, span, headSpan: span, extraMarks };
}

function contentOf(source: Source, cell: TableCell): Span | null {
  const kids = cell.children;
  if (!kids.length) return null;
  return { start: source.span(kids[0]!).start, end: source.span(kids[kids.length - 1]!).end };
}

const cellText = (source: Source, cell: TableCell | undefined) => {
  const span = cell && contentOf(source, cell);
  return span ? source.slice(span) : '';
};
