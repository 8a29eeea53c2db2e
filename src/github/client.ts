import { getOctokit } from '@actions/github';
import { RequestError } from '@octokit/request-error';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { TIMEOUT_STATUS } from './errors.js';

/** The REST client: `@actions/github`'s Octokit with the throttling and retry plugins. */
export type Octokit = ReturnType<typeof getOctokit>;

/** Everything the GitHub layer needs to talk to one GitHub (github.com or an Enterprise Server). */
export interface GitHubClient {
  readonly octokit: Octokit;
  /** GraphQL bound to the configured GraphQL endpoint, with the same throttling and retries. */
  readonly graphql: Octokit['graphql'];
  readonly log: (message: string) => void;
  /** How long to wait out rate limits: what a non-idempotent write, which waits itself, obeys. */
  readonly rateLimit: { maxRetries: number; maxWaitSeconds: number };
  /** Waits `seconds` (scaled as `throttle.msPerSecond` says). */
  readonly wait: (seconds: number) => Promise<void>;
}

/**
 * Request options for a write that is not idempotent (create an issue, post a comment): neither
 * plugin resends it blind; the caller looks for it by marker before sending it again.
 */
export const NOT_IDEMPOTENT = { retries: 0, notIdempotent: true } as const;

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
  /**
   * Seconds one attempt of a request may take before it is abandoned (and not retried: the run
   * ends cleanly instead of hanging). Default 30.
   */
  requestTimeout?: number;
  throttle?: {
    /** Retries after a primary or secondary rate limit. Default 3. */
    maxRetries?: number;
    /** The longest rate-limit wait, in seconds, worth waiting for; longer ones fail at once. Default 300. */
    maxWaitSeconds?: number;
    /**
     * Tests only: false drops the plugin's pacing of writes (1 s apart, 3 s for notifying ones)
     * and its request queue, whose scheduling costs milliseconds per request.
     */
    pacing?: boolean;
    /** Tests only: milliseconds per second of every wait (retry-after, rate-limit reset, retry backoff). Default 1000. */
    msPerSecond?: number;
  };
}

/** github.com's REST API, used when no GITHUB_API_URL is given. */
export const DEFAULT_API_URL = 'https://api.github.com';

/** The default of `requestTimeout`, in seconds. */
export const DEFAULT_REQUEST_TIMEOUT = 30;

/**
 * HTTP statuses the retry plugin must not retry: 4xx answers are final, 403/429 belong to
 * throttling, and 408 is a request that outlived the request timeout.
 */
export const DO_NOT_RETRY = [400, 401, 403, 404, 408, 409, 410, 422, 429, 451];

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
      request: { method: string; url: string; request?: object },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const what = `${request.method} ${request.url}`;
      // The write may have landed: its caller looks for it before sending it again.
      if ((request.request as { notIdempotent?: boolean } | undefined)?.notIdempotent) return false;
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
          ? { write: unpaced, notifications: unpaced, search: unpaced, global: unpaced }
          : {}),
      },
      retry: {
        retries: options.retries ?? 3,
        doNotRetry: DO_NOT_RETRY,
        retryAfterBaseValue: msPerSecond,
      },
    },
    logAttempts(log, (options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT) * 1000),
    throttling,
    retry,
  );
  const graphql = options.graphqlUrl
    ? octokit.graphql.defaults({ url: options.graphqlUrl })
    : octokit.graphql;
  return {
    octokit,
    graphql,
    log,
    rateLimit: { maxRetries, maxWaitSeconds: maxWait },
    wait: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * msPerSecond)),
  };
}

/**
 * A plugin registered first, so its hook sits innermost and sees every attempt that the throttling
 * and retry plugins make: it logs failures and retries (method, URL and status; never headers),
 * and gives each attempt `timeoutMs` before abandoning it with a 408 that nothing retries.
 */
function logAttempts(log: (message: string) => void, timeoutMs: number) {
  return (octokit: { hook: { wrap: Octokit['hook']['wrap'] } }) => {
    octokit.hook.wrap('request', async (request, options) => {
      const what = `${options.method} ${options.url}`;
      const attempt = (options.request as { retryCount?: number }).retryCount ?? 0;
      if (attempt > 0) log(`GitHub: retry ${attempt} of ${what}`);
      // Hooks pass one options object down (each layer is bound to it), so the attempt's signal
      // is set on it, and the caller's put back afterwards.
      const given = options.request.signal as AbortSignal | undefined;
      const timeout = AbortSignal.timeout(timeoutMs);
      options.request.signal = given ? AbortSignal.any([given, timeout]) : timeout;
      try {
        return await request(options);
      } catch (error) {
        if (timeout.aborted && !given?.aborted) {
          const seconds = Math.round(timeoutMs / 100) / 10;
          log(`GitHub: ${what} did not answer within ${seconds} s`);
          throw new RequestError(
            `GitHub did not answer ${what} within ${seconds} s (input request-timeout)`,
            TIMEOUT_STATUS,
            {
              request: options,
              response: { status: TIMEOUT_STATUS, url: options.url, headers: {}, data: '' },
            },
          );
        }
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
      } finally {
        options.request.signal = given;
      }
    });
  };
}
