import { z } from 'zod';
import { Priority } from '../tracker/schema.js';

/** A check an item can be linked to: the build, or the test results (optionally a subset). */
export const Check = z.union([
  z.object({ kind: z.literal('build') }),
  z.object({ kind: z.literal('tests'), pattern: z.string().optional() }),
]);
export type Check = z.infer<typeof Check>;

/** Reads `build`, `tests` or `tests <glob>` as written in a `Check:` field or the config. */
export function parseCheck(value: string): Check | null {
  const m = /^\s*`?(build|tests?)(?:\s+`?([^`\s]+)`?)?`?\s*$/i.exec(value);
  if (!m) return null;
  if (m[1]!.toLowerCase() === 'build') return { kind: 'build' };
  return m[2] ? { kind: 'tests', pattern: m[2] } : { kind: 'tests' };
}

const CheckText = z.string().transform((value, ctx) => {
  const check = parseCheck(value);
  if (!check) {
    ctx.addIssue({
      code: 'custom',
      message: `expected "build", "tests" or "tests <glob>", got "${value}"`,
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
