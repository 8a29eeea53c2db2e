/**
 * Errors that say what failed and how to fix it. Every function of `src/github/` that talks to
 * GitHub turns Octokit's errors ("Resource not accessible by integration") into one of these,
 * named after what the action was doing and the permission that does it.
 */

/** What a request was for: the words of the message, and the `permissions:` line it needs. */
export interface Action {
  /** e.g. "create issues", "commit docs/KNOWN_ISSUES.md". */
  what: string;
  /** e.g. "issues: write". */
  permission: string;
}

/** Why a request failed, as the run cares: stop and come back later, fix the set-up, or other. */
export type FailureKind = 'rate-limit' | 'timeout' | 'permission' | 'failure';

/** A request to GitHub that failed; the message names the action, GitHub's answer and a fix. */
export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    message: string,
    readonly kind: FailureKind,
    /** The HTTP status, when GitHub answered. */
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** A rate limit or a timeout: nothing is wrong with the set-up, a later run can go on. */
  get transient(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'timeout';
  }
}

/** The token may not do what the run needs: the message names the `permissions:` line to add. */
export class PermissionError extends GitHubError {
  override name = 'PermissionError';
  constructor(action: Action, status: number | undefined, said: string, cause?: unknown) {
    super(
      `cannot ${action.what}: the token lacks ${action.permission} — add "permissions: ${action.permission}" to the job (GitHub said: ${said})`,
      'permission',
      status,
      { cause },
    );
  }
}

/** The HTTP status the client gives a request that got no answer within the request timeout. */
export const TIMEOUT_STATUS = 408;

interface OctokitLike {
  status?: number;
  message?: string;
  name?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  errors?: Array<{ type?: string; message?: string }>;
  request?: { method?: string; url?: string };
}

/**
 * Seconds until a rate limit lets the request through, from GitHub's headers (`retry-after`,
 * else `x-ratelimit-reset`), or undefined when `error` is no rate limit. Secondary limits come
 * as 403 or 429 with a message saying so; an exhausted primary limit with remaining 0.
 */
export function rateLimitWait(error: unknown, now = Date.now()): number | undefined {
  const e = (error ?? {}) as OctokitLike;
  const message = e.message ?? '';
  const headers = e.response?.headers ?? {};
  const limited =
    e.status === 429 ||
    (e.status === 403 &&
      (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message))) ||
    (e.errors ?? []).some((x) => x.type === 'RATE_LIMITED') ||
    /GraphQL Rate Limit Exceeded/.test(message);
  if (!limited) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (retryAfter > 0) return retryAfter;
  const reset = Number(headers['x-ratelimit-reset']);
  if (reset > 0) return Math.max(0, Math.ceil(reset - now / 1000) + 1);
  return 60;
}

/**
 * The GitHubError for `error`, raised while doing `action`. A GitHubError passes through
 * unchanged, so the innermost action names the failure; so does an error that did not come
 * from a request (our own, which already says what is wrong).
 */
export function toGitHubError(error: unknown, action: Action): Error {
  if (error instanceof GitHubError) return error;
  const e = (error ?? {}) as OctokitLike;
  const fromRequest = e.status !== undefined || e.errors || e.response || e.request;
  if (!fromRequest) return error instanceof Error ? error : new Error(String(error));
  const status = typeof e.status === 'number' && e.status > 0 ? e.status : undefined;
  const said = firstLine(e.errors?.[0]?.message ?? e.message ?? String(error));
  const cannot = `cannot ${action.what}`;
  const wait = rateLimitWait(error);
  if (wait !== undefined) {
    const until = new Date(Date.now() + wait * 1000).toISOString().slice(11, 16);
    return new GitHubError(
      `${cannot}: GitHub's rate limit stops the run until about ${until} UTC (${said}); the next run continues where this one stopped`,
      'rate-limit',
      status,
      { cause: error },
    );
  }
  if (status === TIMEOUT_STATUS && e.name === 'HttpError' && /did not answer/.test(said)) {
    return new GitHubError(`${cannot}: ${said}`, 'timeout', status, { cause: error });
  }
  const forbidden =
    (e.errors ?? []).some((x) => x.type === 'FORBIDDEN') ||
    ((status === 403 || status === 404) &&
      /not accessible|permission|must have (admin|push)/i.test(said));
  if (forbidden) return new PermissionError(action, status, said, error);
  if (status === 401) {
    return new GitHubError(
      `${cannot}: GitHub refused the token (401 ${said}) — check the token input and that the token has not expired`,
      'failure',
      status,
      { cause: error },
    );
  }
  const answer = status
    ? `GitHub answered ${status} ${said}`
    : e.errors
      ? `GitHub answered: ${said}`
      : `no answer from GitHub (${said})`;
  const notFound = status === 404 || (e.errors ?? []).some((x) => x.type === 'NOT_FOUND');
  const failed = (status === undefined && !e.errors) || (status !== undefined && status >= 500);
  const hint = notFound
    ? ' — check the repository and branch, and that the token can see them'
    : /protected branch|rule violation|required status check/i.test(said)
      ? ' — the branch is protected: give the action a token allowed to push to it, or set commit: false'
      : failed
        ? ' — GitHub or the network failed; a later run tries again'
        : '';
  return new GitHubError(`${cannot}: ${answer}${hint}`, 'failure', status, { cause: error });
}

/** Runs `fn`, turning what it throws into a GitHubError that names `action`. */
export async function attempt<T>(action: Action, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toGitHubError(error, action);
  }
}

/** GitHub's message: its first line, without the documentation URL Octokit appends. */
const firstLine = (text: string): string =>
  text
    .split('\n')[0]!
    .replace(/ - https?:\/\/\S+$/, '')
    .trimEnd();
