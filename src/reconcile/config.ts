import { z } from 'zod';
import { Priority } from '../tracker/schema.js';

/**
 * Which tests a check covers: a glob of test files (`src/auth/**`, also matched against the
 * suite), a test by name (`"applies coupons"`, its title or its full title), or a test id
 * (`src/cart.test.ts::applies coupons`).
 */
export const TestSelector = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('files'), pattern: z.string().min(1) }),
  z.object({ kind: z.literal('name'), name: z.string().min(1) }),
  z.object({ kind: z.literal('id'), file: z.string().min(1), name: z.string().min(1) }),
]);
export type TestSelector = z.infer<typeof TestSelector>;

/** A check an item can be linked to: the build, or the tests (all of them when `select` is empty). */
export const Check = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('build') }),
  z.object({ kind: z.literal('tests'), select: z.array(TestSelector) }),
]);
export type Check = z.infer<typeof Check>;

/** Reads the selectors after `tests`: globs, "quoted names" and `file::name` ids, separated by spaces or commas. */
function parseSelectors(text: string): TestSelector[] | null {
  const selectors: TestSelector[] = [];
  let rest = text.trim();
  while (rest !== '') {
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      if (end < 0) return null;
      const name = rest.slice(1, end).trim();
      if (name) selectors.push({ kind: 'name', name });
      rest = rest.slice(end + 1);
    } else {
      const token = /^[^\s,]+/.exec(rest)![0];
      const id = token.indexOf('::');
      if (id > 0) {
        // A test id's name runs to the end of the value, or to its closing quote.
        const after = rest.slice(id + 2);
        const quoted = after.startsWith('"') ? after.indexOf('"', 1) : -1;
        if (after.startsWith('"') && quoted < 0) return null;
        const name = quoted > 0 ? after.slice(1, quoted) : after;
        selectors.push({
          kind: 'id',
          file: token.slice(0, id).replace(/`/g, ''),
          name: name.trim(),
        });
        rest = quoted > 0 ? after.slice(quoted + 1) : '';
        if (!name.trim()) return null;
      } else {
        const pattern = token.replace(/`/g, '');
        if (pattern) selectors.push({ kind: 'files', pattern });
        rest = rest.slice(token.length);
      }
    }
    rest = rest.replace(/^[\s,]+/, '');
  }
  return selectors;
}

/**
 * Reads a `Check:` field or a config value: `build`, `tests`, or `tests` followed by globs,
 * "test names" and `file::name` test ids (`tests src/auth/**`, `tests "applies coupons"`).
 */
export function parseCheck(value: string): Check | null {
  const m = /^\s*`?(build|tests?)\b`?(.*)$/is.exec(value.trim());
  if (!m) return null;
  const rest = m[2]!.trim().replace(/^`(.*)`$/s, '$1');
  if (m[1]!.toLowerCase() === 'build') return rest === '' ? { kind: 'build' } : null;
  const select = parseSelectors(rest);
  return select ? { kind: 'tests', select } : null;
}

/** A check as a person writes it: `build`, `tests`, `tests src/auth/**, "applies coupons"`. */
export function describeCheck(check: Check): string {
  if (check.kind === 'build' || check.select.length === 0) return check.kind;
  return `tests ${describeSelectors(check.select)}`;
}

/** The selectors as written: `src/auth/**, "applies coupons", src/cart.test.ts::total`. */
export const describeSelectors = (select: readonly TestSelector[]): string =>
  select
    .map((s) =>
      s.kind === 'files' ? s.pattern : s.kind === 'name' ? `"${s.name}"` : `${s.file}::${s.name}`,
    )
    .join(', ');

const CheckText = z.string().transform((value, ctx) => {
  const check = parseCheck(value);
  if (!check) {
    ctx.addIssue({
      code: 'custom',
      message: `expected "build", "tests" or "tests <glob | "name" | file::name>", got "${value}"`,
    });
    return z.NEVER;
  }
  return check;
});

/** `.github/known-issues.yml`: every key optional, defaults for a tracker that needs no set-up. */
export const Config = z
  .object({
    priorities: z.array(Priority).default(['P0', 'P1']),
    labels: z.array(z.string().min(1)).default(['known-issue']),
    /** What happens to an item the evidence resolves: moved to "Recently Fixed (date)", or marked in place. */
    resolved: z.enum(['move', 'mark']).default('move'),
    fixedHeading: z.string().min(1).default('Recently Fixed'),
    /** Item id (or explicit id such as KI-3) → check. */
    checks: z.record(z.string(), CheckText).default({}),
    /** Turn off the built-in heuristics that link items to evidence by their wording. */
    heuristics: z.boolean().default(true),
  })
  .strict();
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;

/** The defaults, as used when no config file exists. */
export const defaultConfig = (): Config => Config.parse({});
