import { allTests, type Evidence, type TestCase } from '../evidence/schema.js';
import { allItems, isOpenStatus, type Tracker } from '../tracker/schema.js';
import { defaultConfig, type Config } from './config.js';
import { selects, testId } from './coverage.js';
import { linkItem } from './links.js';
import { judge, type Verdict } from './verdict.js';

/** A failing test and the open items whose checks name it. */
export interface KnownFailure {
  id: string;
  test: TestCase;
  itemIds: string[];
}

/** A failing test that no open item names: a new failure. */
export interface NewFailure {
  id: string;
  test: TestCase;
}

/** An open item whose tests all pass in this run. */
export interface AppearsFixed {
  itemId: string;
  title: string;
  verdict: Verdict;
}

/** For every failing test, which open item covers it or none; and which open items appear fixed. */
export interface FailureCoverage {
  known: KnownFailure[];
  new: NewFailure[];
  appearsFixed: AppearsFixed[];
}

/**
 * Sorts the run's failing tests into known (an open item's check names them: a glob, a name or
 * an id) and new (none does), and lists the open items whose tests all pass now. A check on all
 * the tests (`tests`, or an item counting failures) names no test in particular, so it makes no
 * failure known; it can still appear fixed when every test passes. Pure, like the plan.
 */
export function classifyFailures(
  tracker: Tracker,
  evidence: Evidence,
  config: Config = defaultConfig(),
): FailureCoverage {
  const open = allItems(tracker).filter((item) => isOpenStatus(item.status));
  const links = open.flatMap((item) => {
    const link = linkItem(item, config);
    return link?.check.kind === 'tests'
      ? [{ item, select: link.check.select, check: link.check }]
      : [];
  });
  const failing = evidence.tests
    ? allTests(evidence.tests).filter((t) => t.status === 'failed')
    : [];
  const known: KnownFailure[] = [];
  const fresh: NewFailure[] = [];
  for (const test of failing) {
    const itemIds = links
      .filter((l) => l.select.length > 0 && l.select.some((s) => selects(s, test)))
      .map((l) => l.item.id);
    if (itemIds.length) known.push({ id: testId(test), test, itemIds });
    else fresh.push({ id: testId(test), test });
  }
  const appearsFixed = links.flatMap(({ item, check }) => {
    const verdict = judge(check, evidence);
    return verdict.state === 'pass' ? [{ itemId: item.id, title: item.title, verdict }] : [];
  });
  return { known, new: fresh, appearsFixed };
}
