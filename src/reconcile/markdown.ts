import type {
  Heading,
  List,
  Html,
  InlineCode,
  Link,
  Paragraph,
  PhrasingContent,
  RootContent,
  Strong,
  TableRow,
  Text,
} from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';

// Made once: the renderer compiles an extension's escaping patterns on first use and keeps them.
const GFM = gfmToMarkdown({ tablePipeAlign: false });

/**
 * Renders mdast as GitHub-flavoured markdown. Everything the action writes in markdown (issue
 * bodies, comments, the job summary) goes through here, so escaping is never written by hand.
 */
export function renderMarkdown(children: RootContent[]): string {
  return toMarkdown(
    { type: 'root', children },
    {
      extensions: [GFM],
      bullet: '-',
      emphasis: '_',
      rule: '-',
    },
  );
}

// Rendered after a run of blocks, then cut off with what joins it: the run as a document holds it.
const END = '<!-- end -->';
const renderedRun = (blocks: RootContent[]): string =>
  renderMarkdown([...blocks, html(END)]).slice(0, -`\n\n${END}\n`.length);

/** The renderings of shared blocks, by their tree; cleared when it grows past this. */
const sharedRenderings = new Map<string, string>();
const SHARED_KEPT = 1024;

/**
 * `renderMarkdown(children)`, with the block `shared` (one that many renderings hold alike, such
 * as the facts of issue bodies of one section) rendered once and kept. Blocks at the root are
 * joined by a blank line whatever they are, so a block renders alone as it does in the whole;
 * a list next to a list is the exception (the renderer switches bullets), so lists are not kept.
 */
export function renderMarkdownSharing(children: RootContent[], shared: RootContent): string {
  const at = children.indexOf(shared);
  if (at < 0 || shared.type === 'list') return renderMarkdown(children);
  const key = JSON.stringify(shared);
  let rendered = sharedRenderings.get(key);
  if (rendered === undefined) {
    if (sharedRenderings.size >= SHARED_KEPT) sharedRenderings.clear();
    rendered = renderedRun([shared]);
    sharedRenderings.set(key, rendered);
  }
  const before = children.slice(0, at);
  const after = children.slice(at + 1);
  // As the renderer does, the document ends with a line ending.
  const last = after.length ? renderMarkdown(after) : rendered.replace(/[^\n\r]$/, '$&\n');
  return [
    ...(before.length ? [renderedRun(before)] : []),
    ...(after.length ? [rendered] : []),
    last,
  ].join('\n\n');
}

/** Small builders for the nodes the renderers use most. */
export const text = (value: string): Text => ({ type: 'text', value });
export const code = (value: string): InlineCode => ({ type: 'inlineCode', value });
export const strong = (value: string): Strong => ({ type: 'strong', children: [text(value)] });
export const link = (url: string, ...children: PhrasingContent[]): Link => ({
  type: 'link',
  url,
  children,
});
export const paragraph = (...children: PhrasingContent[]): Paragraph => ({
  type: 'paragraph',
  children,
});
export const heading = (depth: Heading['depth'], value: string): Heading => ({
  type: 'heading',
  depth,
  children: [text(value)],
});
/** Raw HTML the action writes itself (a hidden marker, `<details>`), never copied text. */
export const html = (value: string): Html => ({ type: 'html', value });

/** A tight bullet list, one item per line of phrasing. */
export const bulletList = (items: PhrasingContent[][]): List => ({
  type: 'list',
  ordered: false,
  spread: false,
  children: items.map((children) => ({
    type: 'listItem',
    spread: false,
    children: [paragraph(...children)],
  })),
});

/** A table row, one cell per phrasing. */
export const tableRow = (...cells: PhrasingContent[][]): TableRow => ({
  type: 'tableRow',
  children: cells.map((children) => ({ type: 'tableCell', children })),
});
