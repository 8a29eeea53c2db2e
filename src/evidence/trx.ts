import { gap, resultsFile, testCase, unreadable } from './results.js';
import type { Gap, ResultsFile, TestStatus } from './schema.js';
import { attr, child, children, lineOfTag, parseXml, textOf } from './xml.js';

const REPEATED = new Set(['UnitTestResult', 'UnitTest', 'RunInfo']);

const OUTCOME: Record<string, TestStatus> = {
  Passed: 'passed',
  PassedButRunAborted: 'passed',
  Completed: 'passed',
  Warning: 'passed',
  Failed: 'failed',
  Timeout: 'failed',
  Error: 'failed',
  NotExecuted: 'skipped',
  NotRunnable: 'skipped',
  Pending: 'pending',
  InProgress: 'other',
  Inconclusive: 'other',
  Aborted: 'other',
  Disconnected: 'other',
};

/** Run outcomes of a run that ended normally; any other (Aborted, Error, Timeout, …) is incomplete. */
const FINISHED = new Set(['Completed', 'Passed', 'Failed', 'Warning']);

/** `00:00:01.2340000` → milliseconds. */
const durationOf = (value: string | undefined): number | undefined => {
  const m = value && /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : undefined;
};

/**
 * Reads a .NET TRX file (`dotnet test --logger trx`). Test names and classes come from the
 * test definitions. A run that did not end normally (summary outcome Aborted or Error, or
 * `RunInfos` errors with no failing test to explain them) is incomplete: every test is unknown.
 */
export function parseTrx(text: string, path: string): ResultsFile {
  const xml = parseXml(text, REPEATED);
  if (!xml.ok) return unreadable(path, 'trx', xml.reason, xml.line);
  if (xml.root !== 'TestRun') {
    return unreadable(path, 'trx', `expected a <TestRun> root element, found <${xml.root}>`);
  }
  const run = xml.node;
  const classOf = new Map<string, string>();
  for (const unit of children(child(run, 'TestDefinitions') ?? {}, 'UnitTest')) {
    const method = child(unit, 'TestMethod');
    const id = attr(unit, 'id');
    const className = attr(method, 'className');
    if (id && className) classOf.set(id, className);
  }
  const tests = children(child(run, 'Results') ?? {}, 'UnitTestResult').map((result) => {
    const outcome = attr(result, 'outcome') ?? 'Inconclusive';
    const className = classOf.get(attr(result, 'testId') ?? '');
    const error = child(child(result, 'Output'), 'ErrorInfo');
    const status = OUTCOME[outcome] ?? 'other';
    return testCase({
      name: attr(result, 'testName') ?? '',
      suite: className ? [className] : [],
      file: className,
      status,
      duration: durationOf(attr(result, 'duration')),
      message: status === 'passed' ? undefined : (textOf(child(error, 'Message')) ?? outcome),
    });
  });

  const summary = child(run, 'ResultSummary');
  const outcome = attr(summary, 'outcome');
  const errors = children(child(summary, 'RunInfos') ?? child(run, 'RunInfos') ?? {}, 'RunInfo')
    .filter((info) => attr(info, 'outcome') === 'Error')
    .map((info) => textOf(child(info, 'Text'))?.trim() ?? 'run error');
  const gaps: Gap[] = [];
  const line = lineOfTag(text, 'RunInfos') ?? lineOfTag(text, 'ResultSummary');
  const reason = errors[0] ? `: ${errors[0]}` : '';
  if (outcome !== undefined && !FINISHED.has(outcome)) {
    gaps.push(gap(`the test run ended ${outcome}${reason}`, undefined, line));
  } else if (errors.length && !tests.some((t) => t.status === 'failed')) {
    gaps.push(gap(`the test run reported an error${reason}`, undefined, line));
  }
  return resultsFile(path, 'trx', {
    tests,
    gaps,
    tool: 'dotnet',
    emptyLine: lineOfTag(text, 'TestRun'),
  });
}
