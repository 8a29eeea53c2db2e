import type { Nodes, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * What GitHub would act on in text the action wrote, found the way GitHub finds it: mentions
 * that notify, references that cross-link (and with a closing keyword, close), raw HTML. Written
 * apart from `src/reconcile/inert.ts`, so a test checks that module against a second reading.
 */
export interface Findings {
  mentions: string[];
  /** `#12`, `o/r#12`, `GH-12` and issue URLs, as found. */
  references: string[];
  /** A closing keyword followed by a reference, e.g. `Fixes #1`. */
  closes: string[];
  /** HTML the renderer would pass through, other than the action's own marker and wrappers. */
  html: string[];
}

const MENTION = /(?:^|[^\w])(@[a-z\d](?:[a-z\d-]*[a-z\d])?(?:\/[\w.-]+)?)/gi;
const REFERENCE =
  /(?:^|[^\w/])((?:[\w.-]+\/[\w.-]+)?#\d+|GH-\d+)|(https?:\/\/\S+?\/(?:issues|pull)\/\d+)/gi;
const CLOSES =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(?:(?:[\w.-]+\/[\w.-]+)?#\d+|https?:\/\/\S+?\/(?:issues|pull)\/\d+)/gi;
/** The HTML the action writes itself: its markers, the footer, the diff's `<details>`. */
const OWN_HTML =
  /^(?:<!-- known-issues:[^>]*-->|<details><summary>Tracker diff<\/summary>|<\/details>|<\/?sub>)$/;

function scan(value: string, into: Findings): void {
  for (const m of value.matchAll(MENTION)) into.mentions.push(m[1]!);
  for (const m of value.matchAll(REFERENCE)) into.references.push((m[1] ?? m[2])!);
  for (const m of value.matchAll(CLOSES)) into.closes.push(m[0]);
}

/** Findings in plain text: an issue title or a commit message. */
export function inPlainText(value: string): Findings {
  const found: Findings = { mentions: [], references: [], closes: [], html: [] };
  scan(value, found);
  return found;
}

/** Findings in markdown: an issue body, a comment, the job summary. Code is left out, as GitHub does. */
export function inMarkdown(markdown: string): Findings {
  const found: Findings = { mentions: [], references: [], closes: [], html: [] };
  const visit = (node: Nodes): void => {
    if (node.type === 'code' || node.type === 'inlineCode') return;
    if (node.type === 'text') scan(node.value, found);
    if (node.type === 'html' && !OWN_HTML.test(node.value.trim())) found.html.push(node.value);
    if (node.type === 'link' || node.type === 'definition') scan(` ${node.url}`, found);
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root);
  return found;
}
