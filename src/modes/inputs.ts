import { z } from 'zod';
import { FailOn } from '../reconcile/gate.js';
import { ResultsFormat } from '../evidence/schema.js';
import { Priority } from '../tracker/schema.js';
import { ConfigError } from './errors.js';

const list = (value: string) =>
  value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

const boolean = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', ''].includes(v), {
      message: `${name}: expected true or false`,
    })
    .transform((v) => v === 'true');

const PRIORITIES = `expected a list of ${Priority.options.join(', ')}`;

/** The action's inputs, validated: a bad value fails the step naming the input and what it accepts. */
export const ActionInputs = z.object({
  token: z.string().min(1, 'token: expected a GitHub token (the default is github.token)'),
  tracker: z.string().trim().min(1, 'tracker: expected the path of the tracker file'),
  section: z.string().trim(),
  'build-outcome': z
    .string()
    .trim()
    .refine((v) => ['', 'success', 'failure', 'cancelled', 'skipped'].includes(v), {
      message:
        'build-outcome: expected success, failure, cancelled or skipped (steps.<id>.outcome)',
    }),
  'build-log': z.string().trim(),
  'test-results': z.string().transform(list),
  'test-results-format': z
    .string()
    .trim()
    .pipe(
      z.union([z.literal('').transform(() => undefined), ResultsFormat], {
        error: (issue) =>
          `test-results-format: unexpected ${JSON.stringify(issue.input)}, expected empty (tell by content) or one of ${ResultsFormat.options.join(', ')}`,
      }),
    ),
  priorities: z
    .string()
    .transform(list)
    .pipe(
      z
        .array(
          z.enum(Priority.options, {
            error: (issue) =>
              `priorities: unexpected ${JSON.stringify(issue.input)}, ${PRIORITIES}`,
          }),
        )
        .min(1, `priorities: ${PRIORITIES}`),
    ),
  labels: z
    .string()
    .transform(list)
    .pipe(z.array(z.string()).min(1, 'labels: expected at least one label')),
  commit: boolean('commit'),
  'dry-run': boolean('dry-run'),
  'max-operations': z
    .string()
    .trim()
    .transform((v) => (v === '' ? 100 : Number(v)))
    .refine((n) => Number.isInteger(n) && n >= 0, {
      message: 'max-operations: expected a whole number ≥ 0',
    }),
  config: z.string().trim(),
  branch: z.string().trim(),
  'request-timeout': z
    .string()
    .trim()
    .transform((v) => (v === '' ? 30 : Number(v)))
    .refine((n) => Number.isFinite(n) && n > 0, {
      message: 'request-timeout: expected a number of seconds > 0',
    }),
  'trusted-authors': z.string().transform(list),
  'fail-on': z
    .string()
    .transform(list)
    .pipe(
      z
        .array(
          z.enum(FailOn.options, {
            error: (issue) =>
              `fail-on: unexpected ${JSON.stringify(issue.input)}, expected a list of ${FailOn.options.join(', ')}`,
          }),
        )
        .min(1, `fail-on: expected a list of ${FailOn.options.join(', ')}`)
        .refine((v) => !v.includes('never') || v.length === 1, {
          message: 'fail-on: never fails nothing, so it goes alone',
        }),
    ),
  mode: z.enum(['auto', 'collect'], {
    error: (issue) =>
      `mode: unexpected ${JSON.stringify(issue.input)}, expected auto (from the event) or collect`,
  }),
  'evidence-file': z
    .string()
    .trim()
    .min(1, 'evidence-file: expected the path of the evidence file collect writes'),
  'artifact-name': z
    .string()
    .trim()
    .min(1, 'artifact-name: expected the name of the artifact that carries the evidence file'),
  'pr-comment': boolean('pr-comment'),
  'command-prefix': z
    .string()
    .trim()
    .refine((v) => /^\S+$/.test(v), {
      message: 'command-prefix: expected one word without spaces, such as /tracker',
    }),
  'command-permission': z.enum(['admin', 'maintain', 'write', 'triage', 'read'], {
    error: (issue) =>
      `command-permission: unexpected ${JSON.stringify(issue.input)}, expected admin, maintain, write, triage or read`,
  }),
});
export type ActionInputs = z.infer<typeof ActionInputs>;

/** Reads every input through `get` (the entry point passes @actions/core's getInput). */
export function readInputs(get: (name: string) => string): ActionInputs {
  const raw = Object.fromEntries(Object.keys(ActionInputs.shape).map((name) => [name, get(name)]));
  const parsed = ActionInputs.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`Invalid input: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return parsed.data;
}
