import { STATUS_LABEL, type Item, type Section } from '../tracker/schema.js';
import { markerFor } from './issues.js';
import { describeSelectors } from './config.js';
import type { EvidenceLink } from './links.js';

/** GitHub rejects issue bodies longer than this. */
export const MAX_BODY = 65_536;

/** Where the tracker lives, for links from issues back to an item's line. */
export interface TrackerLocation {
  path: string;
  /** `https://github.com/o/r/blob/<branch>/<path>`, when known. */
  blobUrl?: string;
}

/** The issue title for an item: its explicit id, if any, and its title. */
export function issueTitle(item: Item): string {
  return item.explicitId ? `${item.explicitId}: ${item.title}` : item.title;
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

/**
 * Renders an issue body from the item alone (no clock, no run URL), so that the body only
 * changes when the item does and an unchanged item costs no write.
 */
export function renderIssueBody(
  item: Item,
  section: Section,
  link: EvidenceLink | null,
  location: TrackerLocation,
): string {
  const line = item.range.start.line;
  const where = location.blobUrl
    ? `[${location.path} line ${line}](${location.blobUrl}#L${line})`
    : `${location.path} line ${line}`;
  const head = [
    markerFor(item.id),
    `**Priority:** ${item.priority ?? 'none'} · **Status:** ${STATUS_LABEL[item.status]} · **Section:** ${section.heading || '(none)'}`,
    `**Tracker:** ${where}`,
  ];
  if (link) {
    const check =
      link.check.kind === 'tests' && link.check.select.length
        ? `tests \`${describeSelectors(link.check.select)}\``
        : link.check.kind;
    head.push(`**Evidence:** ${check} (${link.reason})`);
  }
  if (item.blockedBy.length)
    head.push(`**Blocked by:** ${item.blockedBy.map((b) => b.text).join('; ')}`);
  const footer =
    '<sub>This issue mirrors an item of the known-issues tracker. Edit the tracker, not this body: the next sync rewrites it.</sub>';
  let body = details(item);
  const fixed = head.join('\n') + '\n\n' + '\n\n' + footer;
  if (fixed.length + body.length > MAX_BODY) {
    const note = '\n\n… (truncated: the item is longer than an issue body may be)';
    body = body.slice(0, MAX_BODY - fixed.length - note.length) + note;
  }
  return [head.join('\n'), body, footer].filter(Boolean).join('\n\n');
}
