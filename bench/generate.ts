/**
 * Trackers in the reference style for benchmarks: priority sections of emoji items with a bold
 * title and `- Status: / Impact: / Est. Fix:` fields, and a Recently Fixed section of ✅ lines,
 * about 164 characters per item like `examples/demo/KNOWN_ISSUES.md`. The first `resolving` open
 * items carry `- Check: build`, so a plan with a green build resolves exactly those.
 */
export function generateTracker(items: number, resolving = 0): string {
  const out = ['# Known Issues Tracker', '', '**Last Updated**: 2026-01-28', '', '---', ''];
  const sections = ['P0 Outstanding (Block Production)', 'P1 Outstanding', 'P2 Outstanding'];
  const perSection = Math.ceil((items * 0.8) / sections.length);
  let n = 0;
  for (const heading of sections) {
    out.push(`## ${heading}`, '');
    for (let i = 0; i < perSection && n < items; i++, n++) {
      const blocked = n % 7 === 0 && n >= resolving;
      const mark = blocked ? '⛔' : '⚠️';
      out.push(
        `${mark} **Service ${n} fails under load** (Discovered 2026-01-${String((n % 28) + 1).padStart(2, '0')})`,
        `   - Status: ${blocked ? 'Blocked' : 'Open'}`,
        `   - Impact: requests to service ${n} time out after 30 seconds under load`,
        `   - Est. Fix: ${(n % 8) + 1} hours`,
        ...(n < resolving ? ['   - Check: build'] : []),
        '',
      );
    }
  }
  out.push('## Recently Fixed (2026-01-20)', '');
  for (; n < items; n++)
    out.push(`✅ Service ${n} retries with exponential backoff (\`src/s${n}.ts\`)`);
  out.push('');
  return out.join('\n');
}
