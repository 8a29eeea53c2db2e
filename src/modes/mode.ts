/** How this run behaves, from the event that started it. */
export type Mode =
  | { kind: 'sync'; branch: string }
  | { kind: 'check'; branch: string; fork: boolean }
  | { kind: 'unsupported'; why: string };

interface Payload {
  repository?: { default_branch?: string; full_name?: string };
  pull_request?: { base?: { ref?: string }; head?: { repo?: { full_name?: string } | null } };
  ref?: string;
}

/**
 * Picks the mode: pull requests get a read-only check (a fork's token could not write
 * anyway, and a PR must never change issues), pushes, schedules and manual runs sync.
 */
export function pickMode(eventName: string, payload: Payload, ref = ''): Mode {
  // Scheduled runs carry no repository in their payload, but the runner sets GITHUB_REF.
  const refBranch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  const defaultBranch = payload.repository?.default_branch ?? refBranch ?? 'main';
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const head = payload.pull_request?.head?.repo?.full_name;
      return {
        kind: 'check',
        branch: payload.pull_request?.base?.ref ?? defaultBranch,
        fork: !!head && head !== payload.repository?.full_name,
      };
    }
    case 'push': {
      const ref = payload.ref ?? '';
      if (!ref.startsWith('refs/heads/'))
        return { kind: 'unsupported', why: `push to ${ref || 'an unknown ref'} is not a branch` };
      return { kind: 'sync', branch: ref.slice('refs/heads/'.length) };
    }
    case 'schedule':
      return { kind: 'sync', branch: defaultBranch };
    case 'workflow_dispatch':
      return { kind: 'sync', branch: refBranch ?? defaultBranch };
    default:
      return {
        kind: 'unsupported',
        why: 'this action runs on schedule, workflow_dispatch, push and pull_request',
      };
  }
}
