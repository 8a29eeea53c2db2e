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
