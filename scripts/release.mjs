// Cuts a release: refuses unless the tree is clean, dist/ is the build of the sources, the
// changelog has an entry for the version and package.json names it; then tags vX.Y.Z and moves
// the major tag vX to it. docs/releasing.md describes the whole process.
//
//   node scripts/release.mjs tag 1.2.0 [--push]   check, tag v1.2.0, move v1 (and push them)
//   node scripts/release.mjs check 1.2.0          only the checks (the release workflow runs it)
//   node scripts/release.mjs notes 1.2.0          the changelog entry, for the release notes
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

class Refusal extends Error {}

const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();

/** The body of the changelog's `## [version] - YYYY-MM-DD` section, or null when it has none. */
function changelogEntry(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = `## [${version}]`;
  const start = lines.findIndex((line) => line.startsWith(`${heading} - `) || line === heading);
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
  return /^[-*] /m.test(body) ? body : null;
}

function check(version) {
  if (!SEMVER.test(version))
    throw new Refusal(`"${version}" is not a version: expected X.Y.Z, e.g. 1.2.0`);
  if (git('status', '--porcelain'))
    throw new Refusal('the working tree has uncommitted changes: commit or stash them first');
  if (!changelogEntry(readFileSync('CHANGELOG.md', 'utf8'), version))
    throw new Refusal(
      `CHANGELOG.md has no entry for ${version}: add "## [${version}] - YYYY-MM-DD" with its changes`,
    );
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  if (manifest.version !== version)
    throw new Refusal(`package.json says version ${manifest.version}, not ${version}`);
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Refusal(`the build failed:\n${build.stderr}`);
  const stale = git('status', '--porcelain', '--', 'dist');
  if (stale) {
    // The tree was clean: put dist/ back as committed before refusing.
    git('checkout', '--', 'dist');
    git('clean', '-fdq', '--', 'dist');
    throw new Refusal(
      `dist/ is stale (a fresh build changes ${stale.split('\n').length} files): run npm run build and commit dist/`,
    );
  }
}

function tag(version, push) {
  check(version);
  if (git('tag', '--list', `v${version}`)) throw new Refusal(`the tag v${version} already exists`);
  const [, major, , , prerelease] = SEMVER.exec(version);
  git('tag', '--annotate', `v${version}`, '--message', `v${version}`);
  const tags = [`v${version}`];
  // A pre-release never moves the major tag that workflows use (`@v1`).
  if (!prerelease) {
    git('tag', '--force', `v${major}`, `v${version}^{commit}`);
    tags.push(`v${major}`);
  }
  console.log(`tagged ${tags.join(' and ')} at ${git('rev-parse', '--short', 'HEAD')}`);
  const commands = [
    ['push', 'origin', `v${version}`],
    ...(prerelease ? [] : [['push', '--force', 'origin', `v${major}`]]),
  ];
  if (push) for (const args of commands) git(...args);
  else for (const args of commands) console.log(`next: git ${args.join(' ')}`);
}

const [command, version, ...rest] = process.argv.slice(2);
try {
  if (command === 'check') {
    check(version ?? '');
    console.log(`${version} can be released`);
  } else if (command === 'notes') {
    const entry = changelogEntry(readFileSync('CHANGELOG.md', 'utf8'), version ?? '');
    if (!entry) throw new Refusal(`CHANGELOG.md has no entry for ${version}`);
    console.log(entry);
  } else if (command === 'tag') {
    tag(version ?? '', rest.includes('--push'));
  } else {
    throw new Refusal('usage: release.mjs tag|check|notes <version> [--push]');
  }
} catch (error) {
  if (!(error instanceof Refusal)) throw error;
  console.error(`release refused: ${error.message}`);
  process.exitCode = 1;
}
