import type { Evidence } from '../../src/evidence/schema.js';
import type { ClientOptions } from '../../src/github/client.js';
import { defaultConfig, type ConfigInput, Config } from '../../src/reconcile/config.js';
import { sync, type SyncOptions, type SyncResult } from '../../src/modes/sync.js';
import { emulatorClient } from './github-client.js';
import type { Emulator } from './github-emulator.js';
import { evidenceOf } from './simulate.js';

export const TRACKER = 'docs/KNOWN_ISSUES.md';

/**
 * Runs the sync in-process against the emulator, with the unpaced test client and the options a
 * workflow would give; `logs` collects what the run and its client report.
 */
export async function syncOnce(
  emulator: Emulator,
  repository: string,
  options: {
    evidence?: Evidence;
    config?: ConfigInput;
    client?: Partial<ClientOptions>;
  } & Partial<Omit<SyncOptions, 'client' | 'config' | 'evidence'>> = {},
): Promise<SyncResult & { logs: string[] }> {
  const { evidence, config, client: clientOptions, ...rest } = options;
  const { client, logs } = emulatorClient(emulator, clientOptions);
  const [owner, repo] = repository.split('/') as [string, string];
  const result = await sync({
    client,
    repo: { owner, repo },
    branch: 'main',
    trackerPath: TRACKER,
    evidence: evidence ?? evidenceOf('failure', null),
    config: config ? Config.parse(config) : defaultConfig(),
    now: '2026-11-25',
    serverUrl: 'https://github.com',
    runUrl: `https://github.com/${repository}/actions/runs/1`,
    commit: true,
    dryRun: false,
    budget: 100,
    log: (message) => logs.push(message),
    ...rest,
  });
  return { ...result, logs };
}
