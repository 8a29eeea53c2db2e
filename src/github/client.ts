import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';

/** The REST client: `@actions/github`'s Octokit with the throttling and retry plugins. */
export type Octokit = ReturnType<typeof getOctokit>;

/** Everything the GitHub layer needs to talk to one GitHub (github.com or an Enterprise Server). */
export interface GitHubClient {
  readonly octokit: Octokit;
  /** GraphQL bound to the configured GraphQL endpoint, with the same throttling and retries. */
  readonly graphql: Octokit['graphql'];
  readonly log: (message: string) => void;
}

/** A repository as `owner` and `repo`, the shape Octokit's parameters take. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** How to reach GitHub, and how patient to be with it. */
export interface ClientOptions {
  /** A GITHUB_TOKEN or PAT. Never logged. */
  token: string;
  /** REST base URL: the runner's GITHUB_API_URL. Default https://api.github.com. */
  baseUrl?: string;
  /** GraphQL URL: the runner's GITHUB_GRAPHQL_URL. Default derived from baseUrl by Octokit. */
  graphqlUrl?: string;
  userAgent?: string;
  /** Where retries, rate limits and Octokit warnings are reported. Default: nowhere. */
  log?: (message: string) => void;
  /** Retries of a request that failed with a 5xx status or a network error. Default 3. */
  retries?: number;
  throttle?: {
    /** Retries after a primary or secondary rate limit. Default 3. */
    maxRetries?: number;
    /** The longest rate-limit wait, in seconds, worth waiting for; longer ones fail at once. Default 300. */
    maxWaitSeconds?: number;
    /** Tests only: false drops the plugin's pacing of writes (1 s apart, 3 s for notifying ones). */
    pacing?: boolean;
    /** Tests only: milliseconds per second of every wait (retry-after, rate-limit reset, retry backoff). Default 1000. */
    msPerSecond?: number;
  };
}

/** github.com's REST API, used when no GITHUB_API_URL is given. */
export const DEFAULT_API_URL = 'https://api.github.com';

/** HTTP statuses the retry plugin must not retry: 4xx answers are final, and 403/429 belong to throttling. */
export const DO_NOT_RETRY = [400, 401, 403, 404, 409, 410, 422, 429, 451];

/** The API URLs a runner gives (GITHUB_API_URL, GITHUB_GRAPHQL_URL), for entry points to pass on. */
export function apiUrlsFromEnv(env: Record<string, string | undefined>): {
  baseUrl: string;
  graphqlUrl?: string;
} {
  const baseUrl = env.GITHUB_API_URL || DEFAULT_API_URL;
  const graphqlUrl = env.GITHUB_GRAPHQL_URL || undefined;
  return graphqlUrl ? { baseUrl, graphqlUrl } : { baseUrl };
}

type Limiter = NonNullable<ThrottlingOptions['write']>;

/** A stand-in for a Bottleneck group that never waits: what `pacing: false` puts in place. */
const unpaced = {
  key: () => ({
    schedule: async (...args: unknown[]) => {
      const at = typeof args[0] === 'function' ? 0 : 1;
      const job = args[at] as (...rest: unknown[]) => unknown;
      return job(...args.slice(at + 1));
    },
  }),
} as unknown as Limiter;

/** Creates the client: throttled (bounded rate-limit retries) and retried on 5xx and network errors. */
export function createClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => {});
  const throttle = options.throttle ?? {};
  const maxRetries = throttle.maxRetries ?? 3;
  const maxWait = throttle.maxWaitSeconds ?? 300;
  const msPerSecond = throttle.msPerSecond ?? 1000;

  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const what = `${request.method} ${request.url}`;
      if (retryCount < maxRetries && retryAfter <= maxWait) {
        log(
          `GitHub ${kind} on ${what}: retrying after ${retryAfter} s (retry ${retryCount + 1} of ${maxRetries})`,
        );
        return true;
      }
      log(
        `GitHub ${kind} on ${what}: giving up after ${retryCount} retries (next wait ${retryAfter} s)`,
      );
      return false;
    };

  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl || DEFAULT_API_URL,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      log: { debug: () => {}, info: () => {}, warn: log, error: log },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
        retryAfterBaseValue: msPerSecond,
        ...(throttle.pacing === false
          ? { write: unpaced, notifications: unpaced, search: unpaced }
          : {}),
      },
      retry: {
        retries: options.retries ?? 3,
        doNotRetry: DO_NOT_RETRY,
        retryAfterBaseValue: msPerSecond,
      },
    },
    logAttempts(log),
    throttling,
    retry,
  );
  const graphql = options.graphqlUrl
    ? octokit.graphql.defaults({ url: options.graphqlUrl })
    : octokit.graphql;
  return { octokit, graphql, log };
}

/**
 * A plugin registered first, so its hook sits innermost and sees every attempt that the throttling
 * and retry plugins make: it logs failures and retries (method, URL and status; never headers).
 */
function logAttempts(log: (message: string) => void) {
  return (octokit: { hook: { wrap: Octokit['hook']['wrap'] } }) => {
    octokit.hook.wrap('request', async (request, options) => {
      const what = `${options.method} ${options.url}`;
      const attempt = (options.request as { retryCount?: number }).retryCount ?? 0;
      if (attempt > 0) log(`GitHub: retry ${attempt} of ${what}`);
      try {
        return await request(options);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === undefined || status >= 500) {
          log(
            `GitHub: ${what} failed: ${status ?? ''} ${(error as Error).message}`.replace(
              / {2,}/g,
              ' ',
            ),
          );
        }
        throw error;
      }
    });
  };
}
