import type { Item } from '../tracker/schema.js';
import { describeCheck, parseCheck, type Check, type Config } from './config.js';

/** Why an item is tied to a piece of evidence; the plan prints the reason. */
export interface EvidenceLink {
  itemId: string;
  check: Check;
  source: 'field' | 'config' | 'heuristic';
  reason: string;
  /** A failure count the item states ("328 failures remaining"), kept in step with the tests. */
  count: { text: string; value: number } | null;
}

const BUILD_FAILS =
  /\bbuild\b[^.]{0,40}?\b(fail(s|ed|ing)?|broken|breaks|red)\b|\b(fail(s|ed|ing)?|broken|cannot)\b[^.]{0,20}?\bbuild\b/i;
const COUNT =
  /\b(\d[\d,]*)(\s+(?:unit\s+|e2e\s+|integration\s+)?(?:test\s+)?failures?\s+remaining|\s+(?:unit\s+|e2e\s+|integration\s+)?failing\s+tests?|\s+(?:unit\s+|e2e\s+|integration\s+)?tests?\s+failing)\b/i;

/** The failure count an item states, with the exact text to rewrite. */
export function countOf(item: Item): EvidenceLink['count'] {
  const m = COUNT.exec(item.text);
  return m ? { text: m[0], value: Number(m[1]!.replace(/,/g, '')) } : null;
}

/**
 * Links an item to evidence, first match wins: a `Check:` field in the item, the config's
 * `checks`, then conservative heuristics on the item's own words.
 */
export function linkItem(item: Item, config: Config): EvidenceLink | null {
  const link = (check: Check, source: EvidenceLink['source'], reason: string): EvidenceLink => ({
    itemId: item.id,
    check,
    source,
    reason,
    count: countOf(item),
  });
  const field = item.fields.find((f) => /^check$/i.test(f.key));
  const fromField = field && parseCheck(field.value);
  if (fromField) return link(fromField, 'field', `its Check field says "${field.value}"`);
  const configured =
    config.checks[item.id] ?? (item.explicitId ? config.checks[item.explicitId] : undefined);
  if (configured) {
    return link(configured, 'config', `the config links it to ${describeCheck(configured)}`);
  }
  if (!config.heuristics) return null;
  if (BUILD_FAILS.test(item.title))
    return link({ kind: 'build' }, 'heuristic', 'its title says the build fails');
  if (countOf(item))
    return link({ kind: 'tests', select: [] }, 'heuristic', 'it counts failing tests');
  return null;
}
