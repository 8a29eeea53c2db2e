import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.js';
import { getPermission, hasWriteAccess } from '../../src/github/permissions.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator } from '../support/github-emulator.js';

const repo = { owner: 'acme', repo: 'perms' };
const secret = { owner: 'acme', repo: 'secret' };
let emulator: Emulator;
let client: GitHubClient;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN });
  const gh = emulator.repo('acme/perms');
  gh.setRole('mara', 'maintain');
  gh.setRole('wes', 'write');
  gh.setRole('tia', 'triage');
  gh.setRole('rob', 'read');
  gh.setRole('sam', 'security-manager', 'write');
  gh.setRole('aud', 'auditor', 'read');
  emulator.repo('acme/secret').private = true;
  ({ client } = emulatorClient(emulator));
});
afterAll(() => emulator.close());

describe('getPermission', () => {
  it.each([
    ['acme', 'admin'],
    ['mara', 'maintain'],
    ['wes', 'write'],
    ['tia', 'triage'],
    ['rob', 'read'],
    ['sam', 'write'],
    ['aud', 'read'],
    ['stranger', 'read'],
  ])('%s has %s', async (user, expected) => {
    expect(await getPermission(client, repo, user)).toBe(expected);
  });

  it('gives none to a stranger on a private repository', async () => {
    expect(await getPermission(client, secret, 'stranger')).toBe('none');
  });

  it('gives none when GitHub answers 404', async () => {
    emulator.inject(
      { method: 'GET', path: /\/permission$/ },
      { kind: 'status', status: 404, message: 'Not Found' },
    );
    expect(await getPermission(client, repo, 'ghost')).toBe('none');
  });

  it('lets other errors through', async () => {
    emulator.inject(
      { method: 'GET', path: /\/permission$/ },
      { kind: 'status', status: 403, message: 'Resource not accessible by integration' },
    );
    await expect(getPermission(client, repo, 'wes')).rejects.toMatchObject({ status: 403 });
  });
});

describe('hasWriteAccess', () => {
  it.each([
    ['acme', true],
    ['mara', true],
    ['wes', true],
    ['sam', true],
    ['tia', false],
    ['rob', false],
    ['stranger', false],
  ])('%s → %s', async (user, expected) => {
    expect(await hasWriteAccess(client, repo, user)).toBe(expected);
  });
});
