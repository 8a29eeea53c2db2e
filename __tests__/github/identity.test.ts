import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIdentity, sameLogin } from '../../src/github/identity.js';
import { emulatorClient, TOKEN } from '../support/github-client.js';
import { startEmulator, type Emulator } from '../support/github-emulator.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, viewer: 'tracker-app[bot]' });
});
afterAll(() => emulator.close());

describe('actionIdentity', () => {
  it('reads the login the token acts as from GraphQL viewer', async () => {
    const { client } = emulatorClient(emulator);
    expect(await actionIdentity(client)).toBe('tracker-app[bot]');
    expect(emulator.requestsTo({ operation: 'Viewer' })).toHaveLength(1);
  });
});

describe('sameLogin', () => {
  it.each([
    ['github-actions[bot]', 'github-actions', true],
    ['Octocat', 'octocat', true],
    ['octocat', 'octocat[bot]', true],
    ['octocat', 'octocat2', false],
    ['github-actions[bot]', 'dependabot[bot]', false],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameLogin(a, b)).toBe(same);
  });
});
