import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';

const release = new URL('../scripts/release.mjs', import.meta.url).pathname;

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.2.0] - 2026-12-02

### Added

- A release.
`;

// A stand-in for the real build: dist/ is a copy of src/, so a test can make it stale.
const BUILD = `import { cpSync } from 'node:fs';
cpSync('src', 'dist', { recursive: true });
`;

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' }).trim();
const write = (path: string, text: string) => {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const commit = (message: string) => {
  git('add', '-A');
  git('commit', '--quiet', '--message', message);
};
const run = (...args: string[]) =>
  spawnSync(process.execPath, [release, ...args], { cwd: repo, encoding: 'utf8' });

/** A repository ready for 1.2.0: the changelog entry, the version, dist/ built. */
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'ki-release-'));
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Release Test');
  git('config', 'user.email', 'release@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  write('package.json', JSON.stringify({ name: 'x', version: '1.2.0' }));
  write('CHANGELOG.md', CHANGELOG);
  write('scripts/build.mjs', BUILD);
  write('src/index.js', 'export const answer = 42;\n');
  write('dist/index.js', 'export const answer = 42;\n');
  commit('Ready for 1.2.0');
});

describe('scripts/release.mjs (real git in a temporary repository)', () => {
  it('refuses a stale dist/, naming the fix, and leaves the tree as it was', () => {
    write('src/index.js', 'export const answer = 43;\n');
    commit('Change the source without building');
    const r = run('tag', '1.2.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('release refused: dist/ is stale');
    expect(r.stderr).toContain('run npm run build and commit dist/');
    expect(git('tag', '--list')).toBe('');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('refuses a version the changelog has no entry for', () => {
    write('package.json', JSON.stringify({ name: 'x', version: '1.3.0' }));
    commit('Bump the version only');
    const r = run('tag', '1.3.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'release refused: CHANGELOG.md has no entry for 1.3.0: add "## [1.3.0] - YYYY-MM-DD"',
    );
    expect(git('tag', '--list')).toBe('');
  });

  it('refuses uncommitted changes and a version that is not semver', () => {
    write('notes.txt', 'draft\n');
    expect(run('tag', '1.2.0').stderr).toContain('uncommitted changes');
    expect(run('check', 'v1.2').stderr).toContain('"v1.2" is not a version');
  });

  it('tags vX.Y.Z, moves the major tag vX to it, and moves it again on the next release', () => {
    const first = run('tag', '1.2.0');
    expect(first.status, first.stderr).toBe(0);
    const head = git('rev-parse', 'HEAD');
    expect(git('rev-parse', 'v1.2.0^{commit}')).toBe(head);
    expect(git('rev-parse', 'v1^{commit}')).toBe(head);
    expect(git('cat-file', '-t', 'v1.2.0')).toBe('tag');
    expect(first.stdout).toContain('next: git push --force origin v1');

    write(
      'CHANGELOG.md',
      CHANGELOG.replace(
        '## [Unreleased]\n',
        '## [Unreleased]\n\n## [1.2.1] - 2026-12-03\n\n### Fixed\n\n- A fix.\n',
      ),
    );
    write('package.json', JSON.stringify({ name: 'x', version: '1.2.1' }));
    commit('Release 1.2.1');
    expect(run('tag', '1.2.1').status).toBe(0);
    expect(git('rev-parse', 'v1^{commit}')).toBe(git('rev-parse', 'HEAD'));
    expect(git('rev-parse', 'v1.2.0^{commit}')).toBe(head);
    expect(run('tag', '1.2.1').stderr).toContain('the tag v1.2.1 already exists');
  });

  it('prints the changelog entry as the release notes', () => {
    expect(run('notes', '1.2.0').stdout).toBe('### Added\n\n- A release.\n');
  });
});
