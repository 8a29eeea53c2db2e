import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import { parseFragment } from '../tracker/markdown.js';
import { code, text } from './markdown.js';

/**
 * Text copied out of the tracker (or out of test reports) must do nothing where it lands: no
 * @mention that pings, no `#123` or `owner/repo#123` that cross-references (and so no closing
 * keyword that closes), no raw HTML. Markdown gets the dangerous tokens as inline code and has
 * its HTML escaped by the renderer; plain text (titles, commit messages) gets a zero-width joiner
 * that breaks the token without changing how it reads. The tracker itself is never rewritten.
 */

/** `@user` and `@org/team`, as GitHub finds them: not inside a word (so not in an e-mail address). */
const MENTION = String.raw`(?<![\p{L}\p{N}_])@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9_.-]+)?`;
/** `#12`, `owner/repo#12`, `owner#12` and `GH-12`. */
// The look-behind starts a match only at a word's start: without it, a long word is rescanned
// from each of its letters.
const REFERENCE = String.raw`(?<![A-Za-z0-9_./-])(?:[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)?)?#\d+|\bGH-\d+`;
/** A URL of an issue, pull request or discussion on any GitHub host. */
const ISSUE_URL = String.raw`\bhttps?://[^\s<>()\[\]]+?/(?:issues|pull|pulls|discussions)/\d+[^\s<>()\[\]]*`;

const DANGER = new RegExp(`${ISSUE_URL}|${MENTION}|${REFERENCE}`, 'giu');

const ZWJ = '\u200D';

/** Lone surrogates (a tracker line that is not UTF-8 is read with them) become U+FFFD. */
function wellFormed(copied: string): string {
  return copied.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

/**
 * Plain text made inert for places that render no markdown (issue titles, commit messages): a
 * zero-width joiner after each `@`, `#`, `GH-` and in issue URLs breaks mentions, references and
 * so closing keywords, while the text reads the same.
 */
export function inertPlain(copied: string): string {
  return wellFormed(copied).replace(DANGER, (token) => {
    if (/^https?:/i.test(token))
      return token.replace(/\/(issues|pulls?|discussions)\//i, `$&${ZWJ}`);
    if (token.startsWith('@')) return `@${ZWJ}${token.slice(1)}`;
    return token.replace(/#(?=\d)|^GH-/i, (mark) => mark + ZWJ);
  });
}

/**
 * Phrasing for text copied into markdown: mentions, references and issue URLs become inline
 * code (GitHub acts on none of them there); the rest stays text, which the renderer escapes, so
 * `<script>` shows as text.
 */
export function inertPhrasing(copied: string): PhrasingContent[] {
  const value = wellFormed(copied);
  const out: PhrasingContent[] = [];
  let at = 0;
  for (const match of value.matchAll(DANGER)) {
    if (match.index > at) out.push(text(value.slice(at, match.index)));
    out.push(code(match[0]));
    at = match.index + match[0].length;
  }
  if (at < value.length) out.push(text(value.slice(at)));
  return out;
}

/**
 * Markdown copied from the tracker (an item's fields and notes) as inert blocks: its structure
 * kept, its text as `inertPhrasing` makes it, raw HTML turned into text, links to issues shown
 * as code instead of linked.
 */
export function inertMarkdown(markdown: string): RootContent[] {
  return inertFlow(parseFragment(wellFormed(markdown)).children) as RootContent[];
}

const LINKS_TO_ISSUE = new RegExp(`^${ISSUE_URL}$`, 'iu');

/** Block content made inert: raw HTML blocks become paragraphs of text. */
function inertFlow(nodes: Nodes[]): Nodes[] {
  return nodes.flatMap((node) =>
    node.type === 'html' ? [{ type: 'paragraph', children: [text(node.value)] }] : inertNode(node),
  );
}

const FLOW = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function inertNode(node: Nodes): Nodes[] {
  switch (node.type) {
    case 'text':
      return inertPhrasing(node.value);
    case 'html':
      return [text(node.value)];
    case 'link': {
      if (!LINKS_TO_ISSUE.test(node.url)) break;
      const shown =
        node.children.length === 1 &&
        node.children[0]!.type === 'text' &&
        node.children[0]!.value === node.url;
      if (shown) return [code(node.url)];
      return [
        ...node.children.flatMap((c) => inertNode(c) as PhrasingContent[]),
        text(' ('),
        code(node.url),
        text(')'),
      ];
    }
    case 'definition':
      if (!LINKS_TO_ISSUE.test(node.url)) return [node];
      return [
        {
          type: 'paragraph',
          children: [text(`[${node.label ?? node.identifier}]: `), code(node.url)],
        },
      ];
  }
  if ('children' in node) {
    const children = node.children as Nodes[];
    return [
      {
        ...node,
        children: FLOW.has(node.type) ? inertFlow(children) : children.flatMap(inertNode),
      } as Nodes,
    ];
  }
  return [node];
}
