import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.js');
const trackers = join(root, '__tests__/fixtures/trackers');
const evidence = join(root, '__tests__/fixtures/evidence');

/** The bundled CLI as a process: for what the process itself does (exit status, pipes). */
const run = (args: string[], cwd = root) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** The CLI in-process: the same commands and output, without starting Node for each case. */
async function runInProcess(args: string[]) {
  const output = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      output[stream] += chunk.toString();
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    return { status: await main(args), ...output };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('known-issues check (bundled CLI)', () => {
  it('prints the items per section with status and priority and exits 0 on the reference', async () => {
    const r = await runInProcess(['check', join(trackers, 'reference.md')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('P0 Outstanding (Block Production) - CRITICAL  [P0, outstanding]');
    expect(r.stdout).toMatch(
      /open\s+P0\s+Production Build Fails\s+\(production-build-fails, line 22\)/,
    );
    expect(r.stdout).toMatch(/blocked\s+P1\s+Load test execution/);
    expect(r.stdout).toContain('20 items, 0 errors, 1 warnings');
  });

  it('prints diagnostics as file:line:col and exits 1 on errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ki-cli-'));
    const file = join(dir, 'BAD.md');
    writeFileSync(file, '# Issues\n\n## P0 Outstanding\n\n⚠️ **Thing** (Discovered 2026-13-45)\n');
    const r = run(['check', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      `${file}:5:26: error: Unexpected date "2026-13-45", expected a real date as YYYY-MM-DD [malformed-date]`,
    );
  });

  it("spells every status as a person reads it (won't fix, in progress)", async () => {
    const r = await runInProcess(['check', join(trackers, 'heading-items.md')]);
    expect(r.stdout).toMatch(/won't fix\s+P3\s+Typo in the password reset email/);
    expect(r.stdout).toMatch(/in progress\s+P1\s+npm test reports 41 failing tests/);
  });

  it('says when a file is not itself a tracker and names the --section to use', async () => {
    const file = join(root, '__tests__/fixtures/real-shapes/M1-embedded-scope.md');
    const whole = await runInProcess(['check', file]);
    expect(whole.status).toBe(0);
    expect(whole.stdout).toContain(
      `${file}:8:1: warning: Unexpected "Known Issues" section in a document that is not itself a tracker, expected the section option to read only it: --section "Known Issues" (input section) [embedded-tracker]`,
    );
    expect(whole.stdout.trimEnd().split('\n').at(-1)).toBe(
      `${file} is not itself a tracker; to read only its "Known Issues" section: known-issues check ${file} --section "Known Issues"`,
    );
    const scoped = await runInProcess(['check', file, '--section', 'Known Issues']);
    expect(scoped.stdout).toMatch(/open\s+--\s+Webhook retries missing/);
    expect(scoped.stdout).not.toContain('embedded-tracker');
    expect(scoped.stdout.trimEnd().split('\n').at(-1)).toBe('1 items, 0 errors, 0 warnings');
  });

  it('--json prints the model', async () => {
    const r = await runInProcess(['check', join(trackers, 'status-table.md'), '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.tracker.sections[0].items.map((i: { id: string }) => i.id)).toEqual([
      'KI-07',
      'KI-06',
      'KI-05',
      'KI-04',
    ]);
  });

  it('exits 2 on bad usage and on a missing file, naming it', async () => {
    expect((await runInProcess(['check'])).status).toBe(2);
    expect((await runInProcess(['frobnicate'])).status).toBe(2);
    const missing = await runInProcess(['check', 'no/such/file.md']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      'known-issues: no/such/file.md: cannot read the tracker (no such file); expected a markdown file\n',
    );
    expect((await runInProcess(['plan', 'no/such/file.md'])).stderr).toContain(
      'no/such/file.md: cannot read the tracker (no such file)',
    );
    const section = await runInProcess([
      'check',
      join(trackers, 'reference.md'),
      '--section',
      'Nope',
    ]);
    expect(section.status).toBe(2);
    expect(section.stderr).toContain('No heading "Nope"');
  });

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    // About 270 KB of JSON, four times what a pipe buffers (64 KiB on Linux), so writes go on
    // after the reader has gone.
    const big = join(mkdtempSync(join(tmpdir(), 'cli-pipe-')), 'KNOWN_ISSUES.md');
    const item = (n: number) => `⚠️ Item ${n} of a long tracker\n   - Status: Open\n`;
    writeFileSync(big, `## P2\n\n${Array.from({ length: 300 }, (_, n) => item(n)).join('')}`);
    const child = spawn(process.execPath, [cli, 'check', '--json', big]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toContain('EPIPE');
    expect(status).toBe(0);
  });
});

describe('known-issues plan (bundled CLI)', () => {
  it("the README's main command (npm run example) prints the demo plan", () => {
    const r = spawnSync('npm', ['run', '--silent', 'example'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('close #1 with a comment: "Production Build Fails" is resolved');
    expect(r.stdout).toContain(
      'set-status load-test-execution: "Load test execution" is unblocked',
    );
    expect(r.stdout).toContain('+⚠️ Test coverage improvement (312 failures remaining)');
    expect(r.stdout).toMatch(/\+## Recently Fixed \(\d{4}-\d{2}-\d{2}\)/);
  });

  it('prints the issue operations and the tracker diff', async () => {
    const r = await runInProcess([
      'plan',
      join(trackers, 'reference.md'),
      '--build',
      'success',
      '--tests',
      join(evidence, 'junit-312-failures.xml'),
      '--now',
      '2026-11-25',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('create issue "Zustand Version Conflict" [known-issue, P0]');
    expect(r.stdout).toContain('+## Recently Fixed (2026-11-25)');
    expect(r.stdout).toContain('+⚠️ Test coverage improvement (312 failures remaining)');
  });

  it('--json prints each new issue with its body, and the diff, without the edited text', async () => {
    const r = await runInProcess([
      'plan',
      join(trackers, 'reference.md'),
      '--build',
      'success',
      '--now',
      '2026-11-25',
      '--json',
    ]);
    const printed = JSON.parse(r.stdout) as {
      plan: { operations: { kind: string; title: string; body?: string }[]; edited?: unknown };
      diff: string;
    };
    const create = printed.plan.operations.find((op) => op.title === 'Zustand Version Conflict');
    expect(create?.kind).toBe('create');
    expect(create?.body).toContain('<!-- known-issues:item=zustand-version-conflict -->');
    expect(create?.body).toContain('**Priority:** P0');
    expect(printed.plan).not.toHaveProperty('edited');
    expect(printed.diff).toContain('+## Recently Fixed (2026-11-25)');
  });

  it('--write with no evidence leaves every fixture byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ki-plan-'));
    const names = ['reference.md', 'checkbox-list.md', 'heading-items.md', 'status-table.md'];
    for (const name of [...names, 'crlf.md', 'bom.md', 'claude-md.md']) {
      const file = join(dir, name);
      copyFileSync(join(trackers, name), file);
      const section = name === 'claude-md.md' ? ['--section', 'Known Issues'] : [];
      const r = await runInProcess(['plan', file, '--write', ...section]);
      expect(r.status).toBe(0);
      expect(readFileSync(file)).toEqual(readFileSync(join(trackers, name)));
    }
  });

  it('--write applies the edits to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ki-plan-'));
    const file = join(dir, 'KNOWN_ISSUES.md');
    copyFileSync(join(trackers, 'reference.md'), file);
    await runInProcess(['plan', file, '--build', 'success', '--now', '2026-11-25', '--write']);
    const json = JSON.parse((await runInProcess(['check', file, '--json'])).stdout);
    const fixed = json.tracker.sections.find(
      (s: { heading: string }) => s.heading === 'Recently Fixed (2026-11-25)',
    );
    expect(fixed.items.map((i: { id: string }) => i.id)).toEqual(['production-build-fails']);
  });

  it('a malformed results file is named on stderr and resolves nothing', async () => {
    const r = await runInProcess([
      'plan',
      join(trackers, 'reference.md'),
      '--tests',
      join(evidence, 'malformed.xml'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('malformed.xml');
    expect(JSON.parse(r.stdout).plan.edits).toEqual([]);
  });

  it('rejects a bad build outcome naming the accepted values', async () => {
    const r = await runInProcess(['plan', join(trackers, 'reference.md'), '--build', 'green']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/success.*failure.*cancelled.*skipped/);
  });
});
