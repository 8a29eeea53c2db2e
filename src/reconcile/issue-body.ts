import type { PhrasingContent, RootContent } from 'mdast';
import { STATUS_LABEL, type Item, type Section } from '../tracker/schema.js';
import { inertMarkdown, inertPhrasing, inertPlain } from './inert.js';
import { markerFor } from './issues.js';
import { describeSelectors } from './config.js';
import type { EvidenceLink } from './links.js';
import { code, html, link, paragraph, renderMarkdownSharing, strong, text } from './markdown.js';

/** GitHub rejects issue bodies longer than this. */
export const MAX_BODY = 65_536;

/** Where the tracker lives, for links from issues and comments back to it. */
export interface TrackerLocation {
  path: string;
  /** `https://github.com/o/r/blob/<branch>/<path>`, when known: issue bodies link the file. */
  blobUrl?: string;
  /**
   * `https://github.com/o/r/blob/<commit>/<path>`, when known: comments link an item's line at
   * the commit the run read, a link that stays right when the file changes later.
   */
  permalink?: string;
}

/**
 * The issue title for an item: its explicit id, if any, and its title, inert. A title that
 * already starts with the id (`### KI-7`, `KI-7 login fails`) is not prefixed again.
 */
export function issueTitle(item: Item): string {
  const id = item.explicitId;
  const named =
    id !== null &&
    item.title.toLowerCase().startsWith(id.toLowerCase()) &&
    !/^\w/.test(item.title.slice(id.length));
  return inertPlain(id && !named ? `${id}: ${item.title}` : item.title);
}

/** The lines of an item after its head line, dedented: its fields and notes as the tracker has them. */
function details(item: Item): string {
  const lines = item.text.split(/\r?\n/).slice(1);
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(cut))
    .join('\n')
    .trim();
}

const FOOTER = html(
  '<sub>This issue mirrors an item of the known-issues tracker. Edit the tracker, not this body: the next sync rewrites it.</sub>',
);
const TRUNCATED = paragraph(text('… (truncated: the item is longer than an issue body may be)'));

/**
 * Renders an issue body from the item alone (no clock, no run URL, no line number), so that the
 * body only changes when the item does: an unchanged item costs no write, and lines added
 * elsewhere in the tracker rewrite no body. Copied text is inert (see `inert.ts`).
 */
export function renderIssueBody(
  item: Item,
  section: Section,
  evidence: EvidenceLink | null,
  location: TrackerLocation,
): string {
  const facts: PhrasingContent[] = [
    strong('Priority:'),
    text(` ${item.priority ?? 'none'} · `),
    strong('Status:'),
    text(` ${STATUS_LABEL[item.status]} · `),
    strong('Section:'),
    text(' '),
    ...(section.heading ? inertPhrasing(section.heading) : [text('(none)')]),
    text('\n'),
    strong('Tracker:'),
    text(' '),
    location.blobUrl ? link(location.blobUrl, code(location.path)) : code(location.path),
  ];
  if (evidence) {
    const check =
      evidence.check.kind === 'tests' && evidence.check.select.length
        ? [text('tests '), code(describeSelectors(evidence.check.select))]
        : [text(evidence.check.kind)];
    facts.push(
      text('\n'),
      strong('Evidence:'),
      text(' '),
      ...check,
      text(' ('),
      ...inertPhrasing(evidence.reason),
      text(')'),
    );
  }
  if (item.blockedBy.length) {
    facts.push(
      text('\n'),
      strong('Blocked by:'),
      text(' '),
      ...inertPhrasing(item.blockedBy.map((b) => b.text).join('; ')),
    );
  }
  // The facts of the items of one section are mostly alike: rendered once for all of them.
  const shared = paragraph(...facts);
  const render = (notes: string, cut: boolean): string =>
    renderMarkdownSharing(
      [
        html(markerFor(item.id)),
        shared,
        ...inertMarkdown(notes),
        ...(cut ? [TRUNCATED] : []),
        FOOTER,
      ] as RootContent[],
      shared,
    );

  let notes = details(item);
  let body = render(notes, false);
  // Inert notes render longer than their source: cut the source by the excess until it fits.
  while (body.length > MAX_BODY && notes) {
    notes = notes.slice(0, Math.max(0, notes.length - (body.length - MAX_BODY) - 64));
    body = render(notes, true);
  }
  return body;
}
