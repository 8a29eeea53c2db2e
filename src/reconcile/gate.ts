import { z } from 'zod';
import { isOpenStatus, type Status } from '../tracker/schema.js';
import { fullName } from './coverage.js';
import type { FailureCoverage } from './failures.js';
import type { JudgedLink } from './plan.js';
import type { TrackerChanges } from './tracker-changes.js';

/** What may fail a pull request's check (the `fail-on` input). */
export const FailOn = z.enum([
  'new-failures',
  'lint-errors',
  'new-open-p0',
  'contradiction',
  'never',
]);
export type FailOn = z.infer<typeof FailOn>;

/** The check's verdict: whether it fails, and a sentence per reason. */
export interface GateVerdict {
  failed: boolean;
  reasons: string[];
}

/** What the gate weighs: the failing tests sorted into known and new, and what the PR changed. */
export interface GateInput {
  failOn: FailOn[];
  coverage: FailureCoverage;
  /** The tracker base against head; absent where no base can be read (a `collect` run). */
  changes?: TrackerChanges;
  /** The plan's links on the head tracker, judged on this run's evidence. */
  links?: JudgedLink[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The known-failure gate. A failing test that an open item covers is known and fails nothing; a
 * failing test no open item covers is new. Each `fail-on` condition that holds is a reason:
 * `new-failures`, `lint-errors` (errors on the lines the PR touched), `new-open-p0` (the PR
 * makes an item open P0), `contradiction` (the PR marks an item resolved while its evidence fails
 * in this run); `never` fails nothing. Pure.
 */
export function judgeGate({ failOn, coverage, changes, links = [] }: GateInput): GateVerdict {
  const reasons: string[] = [];
  const on = (condition: FailOn) => failOn.includes(condition);
  if (on('new-failures') && coverage.new.length) {
    const names = coverage.new.slice(0, 3).map((f) => `“${fullName(f.test)}”`);
    const more = coverage.new.length > 3 ? ` and ${coverage.new.length - 3} more` : '';
    reasons.push(
      `${plural(coverage.new.length, 'new failure')} no open item covers: ${names.join(', ')}${more}`,
    );
  }
  if (changes && on('lint-errors')) {
    const errors = changes.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors)
      reasons.push(`${plural(errors, 'tracker error')} on the lines the pull request touched`);
  }
  if (changes && on('new-open-p0')) {
    const openP0 = (priority: string | null, status: Status) =>
      priority === 'P0' && isOpenStatus(status);
    const became = changes.changed.filter(({ item, changes: what }) => {
      const before = { priority: item.priority, status: item.status };
      for (const c of what) {
        if (c.field === 'priority') before.priority = c.from;
        if (c.field === 'status') before.status = c.from;
      }
      return openP0(item.priority, item.status) && !openP0(before.priority, before.status);
    });
    const added = changes.added.filter((i) => openP0(i.priority, i.status));
    for (const item of [...added, ...became.map((c) => c.item)])
      reasons.push(`the pull request makes “${item.title}” an open P0 item`);
  }
  if (changes && on('contradiction')) {
    for (const { item, changes: what } of changes.changed) {
      const resolved = what.some(
        (c) => c.field === 'status' && c.to === 'resolved' && c.from !== 'resolved',
      );
      const link = links.find((l) => l.itemId === item.id);
      if (resolved && link?.verdict.state === 'fail')
        reasons.push(
          `the pull request marks “${item.title}” resolved, but in this run ${link.verdict.summary}`,
        );
    }
  }
  return { failed: reasons.length > 0, reasons };
}
