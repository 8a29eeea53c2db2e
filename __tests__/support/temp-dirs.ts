import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';

/**
 * Every temporary folder a test makes is removed after it. While a test file runs, os.tmpdir()
 * is a folder of that file, and during each test a folder of that test: `mkdtempSync(join(
 * tmpdir(), …))` needs no cleanup of its own. A test's folder goes after the test's own
 * `afterEach` hooks; the file's (for `beforeAll` set-ups) after its last test.
 */
const original = process.env.TMPDIR;
const fileDir = mkdtempSync(join(tmpdir(), 'ki-test-'));
process.env.TMPDIR = fileDir;
let testDir = fileDir;

beforeEach(() => {
  testDir = mkdtempSync(join(fileDir, 'test-'));
  process.env.TMPDIR = testDir;
});

afterEach(() => {
  process.env.TMPDIR = fileDir;
  rmSync(testDir, { recursive: true, force: true });
});

afterAll(() => {
  if (original === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = original;
  rmSync(fileDir, { recursive: true, force: true });
});
