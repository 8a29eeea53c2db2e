import { STATUS_LABEL, type Diagnostic, type Tracker } from '../tracker/schema.js';
import { embeddedTracker } from '../tracker/scope.js';

/** `file:line:col: message [rule]`, the form editors and CI logs link. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/** The text `check` prints: items per section with status and priority, then the diagnostics. */
export function renderCheck(file: string, tracker: Tracker, diagnostics: Diagnostic[]): string {
  const out: string[] = [];
  const title = tracker.title ?? file;
  const updated = tracker.lastUpdated ? ` (last updated ${tracker.lastUpdated.date})` : '';
  out.push(`${title}${updated}`);
  let count = 0;
  for (const section of tracker.sections) {
    if (!section.items.length) continue;
    const tags = [section.priority, section.kind].filter(Boolean).join(', ');
    out.push('', `${section.heading || '(no heading)'}  [${tags}]`);
    for (const item of section.items) {
      count++;
      const issue = item.issue ? `  #${item.issue.number}` : '';
      out.push(
        `  ${STATUS_LABEL[item.status].padEnd(12)} ${(item.priority ?? '--').padEnd(3)} ${item.title}  (${item.id}, line ${item.range.start.line})${issue}`,
      );
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  out.push('');
  for (const d of diagnostics) out.push(formatDiagnostic(file, d));
  out.push(`${count} items, ${errors} errors, ${diagnostics.length - errors} warnings`);
  // A CLAUDE.md or a README read whole: say how to read only its tracker.
  const embedded = diagnostics.some((d) => d.rule === 'embedded-tracker')
    ? embeddedTracker(tracker.title, tracker.sections)
    : null;
  if (embedded) {
    out.push(
      `${file} is not itself a tracker; to read only its "${embedded.heading}" section: known-issues check ${file} --section "${embedded.heading}"`,
    );
  }
  return out.join('\n') + '\n';
}
