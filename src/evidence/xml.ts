import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lineAt, stripBom } from './text.js';

/** An element as fast-xml-parser gives it: attributes as `@name`, text as `#text`. */
export type XmlNode = Record<string, unknown>;

export type XmlResult =
  { ok: true; root: string; node: XmlNode } | { ok: false; reason: string; line?: number };

const isNode = (value: unknown): value is XmlNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses an XML document with a single root element. `repeated` names the elements that may
 * repeat, always read as arrays. A truncated file names the elements left open and its last line.
 */
export function parseXml(input: string, repeated: ReadonlySet<string>): XmlResult {
  const body = stripBom(input);
  // An XML declaration must open the document; tolerate blank lines before it but keep line numbers.
  const xml = body.trimStart();
  const skippedLines = body.slice(0, body.length - xml.length).split('\n').length - 1;
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    // A file cut off mid-write leaves several elements open; the validator lists them at line 1.
    const open = /^Invalid '\[(.*)\]' found\.$/.exec(valid.err.msg)?.[1]?.match(/"[^"]*"/g);
    if (open) {
      const tags = open.map((name) => `<${name.slice(1, -1)}>`).join(', ');
      return {
        ok: false,
        reason: `invalid XML: file ends inside ${tags}, truncated?`,
        line: lineAt(body, body.trimEnd().length),
      };
    }
    return {
      ok: false,
      reason: `invalid XML: ${valid.err.msg}`,
      line: valid.err.line + skippedLines,
    };
  }
  let document: unknown;
  try {
    document = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      alwaysCreateTextNode: true,
      parseTagValue: false,
      parseAttributeValue: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      removeNSPrefix: true,
      // Also decodes numeric references such as the &#xD;&#xA; .NET loggers put in messages.
      htmlEntities: true,
      isArray: (name, _path, _leaf, isAttribute) => !isAttribute && repeated.has(name),
    }).parse(xml);
  } catch (error) {
    return {
      ok: false,
      reason: `invalid XML: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const roots = isNode(document) ? Object.keys(document) : [];
  const root = roots[0];
  const nodes = root !== undefined && isNode(document) ? children(document, root) : [];
  if (roots.length !== 1 || root === undefined || nodes.length !== 1) {
    return { ok: false, reason: 'expected a single root element' };
  }
  return { ok: true, root, node: nodes[0]! };
}

/** The child elements named `tag`. */
export const children = (node: XmlNode | undefined, tag: string): XmlNode[] => {
  const value = node?.[tag];
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
};

/** The first child element named `tag`. */
export const child = (node: XmlNode | undefined, tag: string): XmlNode | undefined =>
  children(node, tag)[0];

export const attr = (node: XmlNode | undefined, name: string): string | undefined => {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
};

export const textOf = (node: XmlNode | undefined): string | undefined => {
  const value = node?.['#text'];
  return typeof value === 'string' ? value : undefined;
};

/** The 1-based line of the first `<tag` in the text, for problems about an element. */
export const lineOfTag = (text: string, tag: string): number | undefined => {
  const at = text.indexOf(`<${tag}`);
  return at < 0 ? undefined : lineAt(text, at);
};
