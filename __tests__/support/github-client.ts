import { createClient, type ClientOptions, type GitHubClient } from '../../src/github/client.js';
import type { Emulator } from './github-emulator.js';

export const TOKEN = 'ghs_emulatorTestToken0123456789';

/**
 * A client for the emulator with pacing off and every wait scaled to 1 ms per second, so rate
 * limits and retries cost nothing; `logs` collects what the client reports.
 */
export function emulatorClient(
  emulator: Emulator,
  options: Partial<ClientOptions> = {},
): { client: GitHubClient; logs: string[] } {
  const logs: string[] = [];
  const client = createClient({
    token: TOKEN,
    baseUrl: emulator.url,
    graphqlUrl: emulator.graphqlUrl,
    log: (message) => logs.push(message),
    ...options,
    throttle: { pacing: false, msPerSecond: 1, ...options.throttle },
  });
  return { client, logs };
}
