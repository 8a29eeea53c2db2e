/**
 * A local GitHub API over real HTTP, for tests: REST issues, labels, contents, refs, collaborators
 * and the two GraphQL operations the action makes, with GitHub-shaped JSON, rate-limit headers,
 * Link pagination and injectable faults (5xx, rate limits, connection resets, lost responses).
 *
 * REST answers at `${url}/…` and, as GitHub Enterprise Server does, at `${url}/api/v3/…`;
 * GraphQL at `${url}/graphql` and `${url}/api/graphql`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seeded } from './seeded.js';

// ---------------------------------------------------------------------------------------------
// Public types

export interface EmulatorOptions {
  /** When set, every request must carry `Authorization: token X` or `Bearer X`, else 401. */
  token?: string;
  /** The login that the token belongs to: the author of issues and comments made over the API. */
  viewer?: string;
  /** The primary rate limit reported in `x-ratelimit-limit`. Default 5000. */
  rateLimit?: number;
  /**
   * Tokens that may only read, as a fork's pull request gets: accepted like `token`, but every
   * REST write and GraphQL mutation made with them answers 403, as GitHub does.
   */
  readOnlyTokens?: string[];
}

export interface EmuLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface EmuComment {
  id: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export interface EmuIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  /** Label names, in the order GitHub holds them. */
  labels: string[];
  comments: EmuComment[];
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** A pull request: GitHub's issues list includes them. */
  isPullRequest: boolean;
  /** Who closed it last: the single-issue GET says so (`closed_by`), the list does not. */
  closedBy?: string | null;
  /** Its closes, reopens and label changes, oldest first, as `GET …/issues/{n}/events` lists them. */
  events: EmuIssueEvent[];
}

/** A close, a reopen or a label change of an issue, by whom and when. */
export interface EmuIssueEvent {
  id: number;
  event: 'closed' | 'reopened' | 'labeled' | 'unlabeled';
  actor: string;
  created_at: string;
  state_reason: EmuIssue['state_reason'];
  /** For `labeled` and `unlabeled`: the label's name. */
  label?: string;
}

export interface EmuReaction {
  id: number;
  user: string;
  content: string;
  created_at: string;
}

export interface EmuCommit {
  oid: string;
  parent: string | null;
  /** Every file of the tree at this commit: path → its bytes, as git stores them. */
  blobs: Record<string, Buffer>;
  /** The same files read as UTF-8 text (bytes that are not UTF-8 read as U+FFFD). */
  readonly files: Record<string, string>;
  message: string;
  headline: string;
  body: string;
  /** When it was committed (`committedDate`). */
  date: string;
}

export type Role = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface SeedIssue {
  title: string;
  body?: string | null;
  labels?: string[];
  state?: 'open' | 'closed';
  state_reason?: EmuIssue['state_reason'];
  user?: string;
  isPullRequest?: boolean;
}

export interface LoggedRequest {
  method: string;
  /** The path without a `/api/v3` (or `/api`) prefix and without the query. */
  path: string;
  /** The path as received. */
  rawPath: string;
  query: Record<string, string>;
  body: unknown;
  /** For POST /graphql: the operation's kind and name. */
  graphql?: { kind: 'query' | 'mutation'; name: string | null };
  /** The status answered, or null when the connection was destroyed. */
  status?: number | null;
  /** The fault injected into this request, if any. */
  fault?: Fault['kind'];
}

export interface RouteMatcher {
  /** HTTP method; any when absent. */
  method?: string;
  /** A RegExp tested against the prefix-free path, or an exact path; any when absent. */
  path?: RegExp | string;
  /** For GraphQL: the operation name, e.g. `CreateCommitOnBranch`. */
  operation?: string;
}

export type Fault =
  /** Answer this status with GitHub's error body, doing nothing. */
  | { kind: 'status'; status: number; message?: string }
  /** 403 with `retry-after` and GitHub's secondary rate limit message. */
  | { kind: 'secondary-rate-limit'; retryAfter?: number }
  /** 403 (or 429) with `x-ratelimit-remaining: 0` and a reset `resetIn` seconds from now. */
  | { kind: 'rate-limit'; status?: 403 | 429; resetIn?: number }
  /** Destroy the connection without doing anything. */
  | { kind: 'reset' }
  /** Do the work, then destroy the connection: the client never sees the answer. */
  | { kind: 'lost-response' }
  /** Run `action` (say, a person's push) just before answering this request as usual. */
  | { kind: 'before'; action: () => void }
  /** Never answer: the connection stays open until the client gives up or the emulator closes. */
  | { kind: 'hang' }
  /** Do the work, then answer with `error` (a status or a rate limit), as GitHub sometimes does. */
  | { kind: 'applied-then'; error: Fault };

/** Faults drawn at random for every matching request: each with probability `rate`, seeded. */
export interface ChaosOptions {
  rate: number;
  seed: number;
  faults: Fault[];
}

// --- pull requests and workflow artifacts (types) ---------------------------------------------

export interface EmuPullRequest {
  number: number;
  title: string;
  user: string;
  state: 'open' | 'closed';
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  /** `owner/name` of the head repository: the base repository, or a fork. */
  headRepo: string;
}

export interface SeedPullRequest {
  /** The head branch; its commit holds the base's files with `files` applied. */
  branch: string;
  files: Record<string, string | null>;
  title?: string;
  user?: string;
  /** Default: the default branch. */
  base?: string;
  /** `owner/name` of a fork the pull request comes from. Its commits are readable here too. */
  fork?: string;
}

export interface EmuArtifact {
  id: number;
  runId: number;
  name: string;
  /** The zip as uploaded. */
  zip: Buffer;
  headSha: string;
  headBranch: string;
  expired: boolean;
  created_at: string;
}

export interface SeedArtifact {
  runId: number;
  name: string;
  /** The zip's bytes, as actions/upload-artifact made them. */
  zip: Uint8Array;
  headSha: string;
  headBranch?: string;
  expired?: boolean;
}

/** A repository's pull requests and workflow-run artifacts. */
export interface PullRequestsHandle {
  /** Opens a pull request (it takes the next issue number, as on GitHub) from a new head commit. */
  openPullRequest(seed: SeedPullRequest): EmuPullRequest;
  /** A push to a pull request's head branch: a new head commit. */
  pushToPullRequest(number: number, files: Record<string, string | null>): EmuPullRequest;
  pullRequest(number: number): EmuPullRequest;
  /** An artifact a workflow run uploaded. */
  addArtifact(seed: SeedArtifact): EmuArtifact;
  readonly artifacts: EmuArtifact[];
}

export interface RepoHandle extends PullRequestsHandle {
  readonly fullName: string;
  readonly id: number;
  defaultBranch: string;
  private: boolean;
  /** Live issues, by number. */
  readonly issues: EmuIssue[];
  issue(number: number): EmuIssue;
  addIssue(seed: SeedIssue): EmuIssue;
  /** Seeds many issues at once; `make(i)` for i = 0..count-1. */
  addIssues(count: number, make: (i: number) => SeedIssue): EmuIssue[];
  readonly labels: EmuLabel[];
  addLabel(name: string, color?: string, description?: string | null): EmuLabel;
  /** The oid a branch points to (default branch when absent). */
  head(branch?: string): string;
  /** The files at a branch's head. */
  files(branch?: string): Record<string, string>;
  /** The text of one file at a branch's head, or undefined. */
  file(path: string, branch?: string): string | undefined;
  /** The bytes of one file at a branch's head, or undefined. */
  fileBytes(path: string, branch?: string): Buffer | undefined;
  /** A branch's commits, newest first. */
  commits(branch?: string): EmuCommit[];
  /** Simulates a person's push: a commit on `branch` (created from the default branch when new); null deletes a file. */
  pushCommit(
    branch: string,
    files: Record<string, string | Buffer | null>,
    message: string,
  ): EmuCommit;
  /** Gives a user a role on this repository. */
  setRole(login: string, role: Role | (string & {}), permission?: 'admin' | 'write' | 'read'): void;

  // A person's doings in the web UI, and what the bot's answers left behind.
  /** A person's comment on an issue. */
  comment(number: number, user: string, body: string): EmuComment;
  /** A person edits a comment; the previous body is returned (what `changes.body.from` says). */
  editComment(id: number, body: string): string;
  /** A person closes an issue by hand (as completed, or as not planned). */
  closeIssue(number: number, by: string, reason?: 'completed' | 'not_planned'): EmuIssue;
  /** A person reopens an issue by hand (now, or at the time `at` given). */
  reopenIssue(number: number, by: string, at?: string): EmuIssue;
  /** A person sets an issue's labels by hand (now, or at the time `at` given). */
  setLabels(number: number, labels: string[], by?: string, at?: string): EmuIssue;
  /** The reactions on an issue comment, oldest first. */
  reactions(commentId: number): EmuReaction[];
}

export interface Emulator {
  /** REST base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  readonly graphqlUrl: string;
  /** The same API under GitHub Enterprise Server's paths. */
  readonly enterprise: { apiUrl: string; graphqlUrl: string };
  readonly requests: LoggedRequest[];
  /** Everything but GETs and GraphQL queries: REST writes and GraphQL mutations. */
  writes(): LoggedRequest[];
  /** Requests matching a route matcher. */
  requestsTo(matcher: RouteMatcher): LoggedRequest[];
  clearRequests(): void;
  /** The repository named `owner/name`, created empty (default branch `main`) on first use. */
  repo(fullName: string): RepoHandle;
  /** Queues `fault` for the next `times` requests matching `matcher`; faults are consumed in order. */
  inject(matcher: RouteMatcher, fault: Fault, times?: number): void;
  /** How many injected faults have not been consumed yet. */
  pendingFaults(): number;
  /**
   * From now on, gives each request matching `matcher` a fault drawn from `options.faults` with
   * probability `options.rate` (after queued faults); `stop()` ends it.
   */
  chaos(matcher: RouteMatcher, options: ChaosOptions): { stop(): void };
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// State

const DOCS = 'https://docs.github.com/rest';
const EMPTY_TREE_COMMIT_MESSAGE = 'Initial commit';

interface Collaborator {
  role: string;
  permission: 'admin' | 'write' | 'read';
}

interface RepoState {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
  issues: EmuIssue[];
  labels: EmuLabel[];
  branches: Map<string, string>;
  commits: Map<string, EmuCommit>;
  collaborators: Map<string, Collaborator>;
  /** Reactions by issue comment id. */
  reactions: Map<number, EmuReaction[]>;
}

let idCounter = 1000;
const nextId = (): number => ++idCounter;
const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const blobShas = new WeakMap<Buffer, string>();
/** Git's blob id: the SHA-1 of `blob <size>\0<bytes>`. */
const blobSha = (bytes: Buffer): string => {
  let sha = blobShas.get(bytes);
  if (sha === undefined) {
    sha = createHash('sha1')
      .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
      .digest('hex');
    blobShas.set(bytes, sha);
  }
  return sha;
};

function roleToPermission(role: string): 'admin' | 'write' | 'read' {
  if (role === 'admin') return 'admin';
  if (role === 'maintain' || role === 'write') return 'write';
  return 'read';
}

function makeCommit(
  parent: EmuCommit | null,
  changes: Record<string, string | Buffer | null>,
  message: string,
): EmuCommit {
  const blobs = { ...(parent?.blobs ?? {}) };
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) delete blobs[path];
    else blobs[path] = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  }
  const [headline = '', ...rest] = message.split('\n');
  const body = rest.join('\n').replace(/^\n+/, '');
  const tree = Object.entries(blobs).map(([path, bytes]) => `${path} ${blobSha(bytes)}`);
  const oid = sha1(
    `${parent?.oid ?? ''}\n${message}\n${tree.join('\n')}\n${randomBytes(8).toString('hex')}`,
  );
  return {
    oid,
    parent: parent?.oid ?? null,
    blobs,
    get files() {
      return Object.fromEntries(Object.entries(blobs).map(([p, b]) => [p, b.toString('utf8')]));
    },
    message,
    headline,
    body,
    date: now(),
  };
}

// --- blobs: how GitHub hands out file contents ----------------------------------------------

/** GraphQL's `Blob.text` holds at most this many bytes; longer blobs come with `isTruncated`. */
export const BLOB_TEXT_LIMIT = 512_000;

/** The contents endpoint gives a file's bytes in JSON up to 1 MB; larger ones need the raw media type. */
const CONTENTS_LIMIT = 1024 * 1024;
/** `application/vnd.github.raw`, `…raw+json`, `…v3.raw`. */
const RAW = /application\/vnd\.github(\.v3)?\.raw/;

/** Base64 in lines of 60 characters, as the REST contents and blobs endpoints answer. */
function base64Lines(bytes: Buffer): string {
  return (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
}

/** A NUL byte in the first 8000 bytes makes a blob binary, as git decides. */
const isBinary = (bytes: Buffer): boolean => bytes.subarray(0, 8000).includes(0);

/**
 * A GraphQL `Blob`: `text` is the first 512,000 bytes read as UTF-8 (bytes that are not UTF-8
 * become U+FFFD, as GitHub answers), null for a binary blob; `isTruncated` says it was cut.
 */
function blobObject(bytes: Buffer): Record<string, unknown> {
  const binary = isBinary(bytes);
  return {
    __typename: 'Blob',
    oid: blobSha(bytes),
    abbreviatedOid: blobSha(bytes).slice(0, 7),
    byteSize: bytes.length,
    isBinary: binary,
    isTruncated: bytes.length > BLOB_TEXT_LIMIT,
    text: binary ? null : bytes.subarray(0, BLOB_TEXT_LIMIT).toString('utf8'),
  };
}

function matches(matcher: RouteMatcher, r: LoggedRequest): boolean {
  return (
    (!matcher.method || matcher.method.toUpperCase() === r.method) &&
    (!matcher.operation || r.graphql?.name === matcher.operation) &&
    (matcher.path === undefined ||
      (typeof matcher.path === 'string' ? matcher.path === r.path : matcher.path.test(r.path)))
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

interface Reply {
  status: number;
  body?: unknown;
  /** Bytes sent as they are instead of a JSON body (raw media types). */
  raw?: Buffer;
  headers?: Record<string, string>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const notFound = (docs = DOCS): HttpError =>
  new HttpError(404, 'Not Found', { documentation_url: docs });
const validationFailed = (resource: string, code: string, field: string, docs = DOCS): HttpError =>
  new HttpError(422, 'Validation Failed', {
    errors: [{ resource, code, field }],
    documentation_url: docs,
  });

function errorBody(status: number, message: string, extra: Record<string, unknown> = {}): unknown {
  return { message, documentation_url: DOCS, ...extra, status: String(status) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function requestId(): string {
  const hex = (n: number): string => randomBytes(n).toString('hex').toUpperCase();
  return `${hex(2)}:${hex(2)}:${hex(3)}:${hex(3)}:${Math.floor(Date.now() / 1000)
    .toString(16)
    .toUpperCase()}`;
}

// ---------------------------------------------------------------------------------------------
// The emulator

/** Starts an emulator on 127.0.0.1 with a free port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const viewer = options.viewer ?? 'github-actions[bot]';
  const limit = options.rateLimit ?? 5000;
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  const used: Record<string, number> = { core: 0, graphql: 0 };
  const repos = new Map<string, RepoState>();
  const requests: LoggedRequest[] = [];
  const faults: Array<{ matcher: RouteMatcher; fault: Fault }> = [];
  let base = '';

  // --- repos -------------------------------------------------------------------------------

  function getOrCreateRepo(fullName: string): RepoState {
    const key = fullName.toLowerCase();
    let state = repos.get(key);
    if (!state) {
      const [owner, name] = fullName.split('/');
      if (!owner || !name)
        throw new Error(`emulator: repo name must be owner/name, not ${fullName}`);
      const root = makeCommit(null, {}, EMPTY_TREE_COMMIT_MESSAGE);
      state = {
        id: nextId(),
        owner,
        name,
        defaultBranch: 'main',
        private: false,
        issues: [],
        labels: [],
        branches: new Map([['main', root.oid]]),
        commits: new Map([[root.oid, root]]),
        collaborators: new Map([[owner, { role: 'admin', permission: 'admin' }]]),
        reactions: new Map(),
      };
      repos.set(key, state);
    }
    return state;
  }

  function headCommit(state: RepoState, branch: string): EmuCommit | undefined {
    const oid = state.branches.get(branch);
    return oid === undefined ? undefined : state.commits.get(oid);
  }

  function requireHead(state: RepoState, branch: string): EmuCommit {
    const commit = headCommit(state, branch);
    if (!commit) throw new Error(`emulator: ${state.owner}/${state.name} has no branch ${branch}`);
    return commit;
  }

  function createLabel(
    state: RepoState,
    name: string,
    color = 'ededed',
    description: string | null = null,
  ): EmuLabel {
    const label: EmuLabel = { id: nextId(), name, color, description, default: false };
    state.labels.push(label);
    return label;
  }

  function findLabel(state: RepoState, name: string): EmuLabel | undefined {
    return state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  }

  /** Label names as GitHub stores them: unknown ones are created, spelling follows the existing label. */
  function resolveLabels(state: RepoState, names: string[]): string[] {
    const out: string[] = [];
    for (const name of names) {
      const label = findLabel(state, name) ?? createLabel(state, name);
      if (!out.includes(label.name)) out.push(label.name);
    }
    return out;
  }

  function addIssue(state: RepoState, seed: SeedIssue, author = seed.user ?? 'octocat'): EmuIssue {
    const time = now();
    const issueState = seed.state ?? 'open';
    const issue: EmuIssue = {
      number: state.issues.length + 1,
      title: seed.title,
      body: seed.body ?? null,
      state: issueState,
      state_reason: seed.state_reason ?? (issueState === 'closed' ? 'completed' : null),
      labels: resolveLabels(state, seed.labels ?? []),
      comments: [],
      user: author,
      created_at: time,
      updated_at: time,
      closed_at: issueState === 'closed' ? time : null,
      isPullRequest: seed.isPullRequest ?? false,
      events: [],
    };
    state.issues.push(issue);
    return issue;
  }

  function handle(state: RepoState): RepoHandle {
    const fullName = `${state.owner}/${state.name}`;
    return {
      fullName,
      id: state.id,
      get defaultBranch() {
        return state.defaultBranch;
      },
      set defaultBranch(branch: string) {
        if (!state.branches.has(branch)) {
          state.branches.set(branch, requireHead(state, state.defaultBranch).oid);
        }
        state.defaultBranch = branch;
      },
      get private() {
        return state.private;
      },
      set private(value: boolean) {
        state.private = value;
      },
      get issues() {
        return state.issues;
      },
      issue(number) {
        const issue = state.issues[number - 1];
        if (!issue) throw new Error(`emulator: ${fullName} has no issue #${number}`);
        return issue;
      },
      addIssue: (seed) => addIssue(state, seed),
      addIssues: (count, make) => Array.from({ length: count }, (_, i) => addIssue(state, make(i))),
      get labels() {
        return state.labels;
      },
      addLabel: (name, color, description) =>
        findLabel(state, name) ?? createLabel(state, name, color, description ?? null),
      head: (branch = state.defaultBranch) => requireHead(state, branch).oid,
      files: (branch = state.defaultBranch) => ({ ...requireHead(state, branch).files }),
      file: (path, branch = state.defaultBranch) =>
        requireHead(state, branch).blobs[path]?.toString('utf8'),
      fileBytes: (path, branch = state.defaultBranch) => requireHead(state, branch).blobs[path],
      commits(branch = state.defaultBranch) {
        const out: EmuCommit[] = [];
        for (let c: EmuCommit | undefined = requireHead(state, branch); c;) {
          out.push(c);
          c = c.parent === null ? undefined : state.commits.get(c.parent);
        }
        return out;
      },
      pushCommit(branch, files, message) {
        const parent = headCommit(state, branch) ?? requireHead(state, state.defaultBranch);
        const commit = makeCommit(parent, files, message);
        state.commits.set(commit.oid, commit);
        state.branches.set(branch, commit.oid);
        return commit;
      },
      setRole(login, role, permission) {
        state.collaborators.set(login, { role, permission: permission ?? roleToPermission(role) });
      },
      comment(number, user, body) {
        const issue = requireIssue(state, number);
        const time = now();
        const comment: EmuComment = {
          id: nextId(),
          body,
          user,
          created_at: time,
          updated_at: time,
        };
        issue.comments.push(comment);
        return comment;
      },
      editComment(id, body) {
        const { comment } = requireComment(state, id);
        const before = comment.body;
        comment.body = body;
        comment.updated_at = now();
        return before;
      },
      closeIssue(number, by, reason = 'completed') {
        const issue = requireIssue(state, number);
        Object.assign(issue, { state: 'closed', state_reason: reason, closed_at: now() });
        issue.closedBy = by;
        recordEvent(issue, 'closed', by);
        return issue;
      },
      reopenIssue(number, by, at) {
        const issue = requireIssue(state, number);
        Object.assign(issue, { state: 'open', state_reason: 'reopened', closed_at: null });
        issue.closedBy = null;
        recordEvent(issue, 'reopened', by, at);
        return issue;
      },
      setLabels(number, labels, by = 'octocat', at) {
        const issue = requireIssue(state, number);
        relabel(issue, resolveLabels(state, labels), by, at);
        return issue;
      },
      reactions: (commentId) => [...(state.reactions.get(commentId) ?? [])],
      ...pullRequestsHandle(state),
    };
  }

  // --- JSON shapes -------------------------------------------------------------------------

  const webUrl = (): string => base;

  function userJson(login: string, api: string): Record<string, unknown> {
    const id = parseInt(sha1(login).slice(0, 6), 16);
    return {
      login,
      id,
      node_id: `U_${Buffer.from(login).toString('base64url')}`,
      avatar_url: `${webUrl()}/avatars/u/${id}`,
      url: `${api}/users/${encodeURIComponent(login)}`,
      html_url: `${webUrl()}/${encodeURIComponent(login)}`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false,
    };
  }

  function repoApi(state: RepoState, api: string): string {
    return `${api}/repos/${state.owner}/${state.name}`;
  }

  function labelJson(state: RepoState, label: EmuLabel, api: string): Record<string, unknown> {
    return {
      id: label.id,
      node_id: `LA_${label.id}`,
      url: `${repoApi(state, api)}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: label.default,
      description: label.description,
    };
  }

  function issueJson(state: RepoState, issue: EmuIssue, api: string): Record<string, unknown> {
    const url = `${repoApi(state, api)}/issues/${issue.number}`;
    const html = `${webUrl()}/${state.owner}/${state.name}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`;
    const json: Record<string, unknown> = {
      url,
      repository_url: repoApi(state, api),
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      html_url: html,
      id: state.id * 100_000 + issue.number,
      node_id: `I_${state.id}_${issue.number}`,
      number: issue.number,
      title: issue.title,
      user: userJson(issue.user, api),
      labels: issue.labels.map((name) => {
        const label = findLabel(state, name);
        return label ? labelJson(state, label, api) : { name };
      }),
      state: issue.state,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: issue.comments.length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: issue.user === state.owner ? 'OWNER' : 'NONE',
      active_lock_reason: null,
      body: issue.body,
      closed_by: null,
      timeline_url: `${url}/timeline`,
      performed_via_github_app: null,
      state_reason: issue.state_reason,
    };
    if (issue.isPullRequest) {
      json.pull_request = {
        url: `${repoApi(state, api)}/pulls/${issue.number}`,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        merged_at: null,
      };
    }
    return json;
  }

  function commentJson(
    state: RepoState,
    issue: EmuIssue,
    comment: EmuComment,
    api: string,
  ): Record<string, unknown> {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${repoApi(state, api)}/issues/comments/${comment.id}`,
      html_url: `${webUrl()}/${state.owner}/${state.name}/issues/${issue.number}#issuecomment-${comment.id}`,
      body: comment.body,
      user: userJson(comment.user, api),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      issue_url: `${repoApi(state, api)}/issues/${issue.number}`,
      author_association: comment.user === state.owner ? 'OWNER' : 'NONE',
    };
  }

  function repoJson(state: RepoState, api: string): Record<string, unknown> {
    return {
      id: state.id,
      node_id: `R_${state.id}`,
      name: state.name,
      full_name: `${state.owner}/${state.name}`,
      owner: userJson(state.owner, api),
      private: state.private,
      visibility: state.private ? 'private' : 'public',
      html_url: `${webUrl()}/${state.owner}/${state.name}`,
      url: repoApi(state, api),
      default_branch: state.defaultBranch,
      has_issues: true,
      open_issues_count: state.issues.filter((i) => i.state === 'open').length,
    };
  }

  // --- pagination --------------------------------------------------------------------------

  function paginate<T>(
    items: T[],
    query: Record<string, string>,
    selfUrl: URL,
  ): { page: T[]; link?: string } {
    const perPage = Math.min(Math.max(parseInt(query.per_page ?? '30', 10) || 30, 1), 100);
    const pageNo = Math.max(parseInt(query.page ?? '1', 10) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const page = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const at = (n: number): string => {
      const u = new URL(selfUrl);
      u.searchParams.set('page', String(n));
      return `<${u.toString()}>`;
    };
    const links: string[] = [];
    if (pageNo > 1) links.push(`${at(pageNo - 1)}; rel="prev"`);
    if (pageNo < last) links.push(`${at(pageNo + 1)}; rel="next"`, `${at(last)}; rel="last"`);
    if (pageNo > 1) links.push(`${at(1)}; rel="first"`);
    return links.length ? { page, link: links.join(', ') } : { page };
  }

  // --- REST routes -------------------------------------------------------------------------

  interface Ctx {
    method: string;
    path: string;
    query: Record<string, string>;
    body: unknown;
    api: string;
    /** The URL that Link headers page from (keeps the GHES prefix). */
    self: URL;
    /** The request's Accept header. */
    accept: string;
  }

  const obj = (body: unknown): Record<string, unknown> =>
    body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};

  function findRepo(owner: string, name: string): RepoState {
    const state = repos.get(`${owner}/${name}`.toLowerCase());
    if (!state) throw notFound(`${DOCS}/repos/repos#get-a-repository`);
    return state;
  }

  function findIssue(state: RepoState, n: string): EmuIssue {
    const issue = state.issues[Number(n) - 1];
    if (!issue) throw notFound(`${DOCS}/issues/issues#get-an-issue`);
    return issue;
  }

  function labelNames(value: unknown): string[] {
    if (!Array.isArray(value)) throw validationFailed('Issue', 'invalid', 'labels');
    return value.map((l) => {
      if (typeof l === 'string') return l;
      const name = obj(l).name;
      if (typeof name === 'string') return name;
      throw validationFailed('Issue', 'invalid', 'labels');
    });
  }

  function listIssues(state: RepoState, ctx: Ctx): Reply {
    const { query } = ctx;
    const want = query.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(want))
      throw validationFailed('Issue', 'invalid', 'state');
    const labels = (query.labels ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const sort = query.sort ?? 'created';
    const direction = query.direction ?? 'desc';
    const key = (i: EmuIssue): number | string =>
      sort === 'updated' ? i.updated_at : sort === 'comments' ? i.comments.length : i.number;
    const matching = state.issues
      .filter((i) => want === 'all' || i.state === want)
      .filter((i) => labels.every((l) => i.labels.some((n) => n.toLowerCase() === l)))
      .sort((a, b) => {
        const [ka, kb] = [key(a), key(b)];
        const cmp = ka < kb ? -1 : ka > kb ? 1 : a.number - b.number;
        return direction === 'asc' ? cmp : -cmp;
      });
    const { page, link } = paginate(matching, query, ctx.self);
    return {
      status: 200,
      body: page.map((i) => issueJson(state, i, ctx.api)),
      headers: link ? { link } : {},
    };
  }

  function createIssue(state: RepoState, ctx: Ctx): Reply {
    const body = obj(ctx.body);
    if (typeof body.title !== 'string' || body.title === '') {
      throw validationFailed(
        'Issue',
        'missing_field',
        'title',
        `${DOCS}/issues/issues#create-an-issue`,
      );
    }
    if (body.body !== undefined && body.body !== null && typeof body.body !== 'string') {
      throw validationFailed('Issue', 'invalid', 'body');
    }
    const issue = addIssue(
      state,
      {
        title: body.title,
        body: (body.body as string | null | undefined) ?? null,
        labels: body.labels === undefined ? [] : labelNames(body.labels),
      },
      viewer,
    );
    return {
      status: 201,
      body: issueJson(state, issue, ctx.api),
      headers: { location: `${repoApi(state, ctx.api)}/issues/${issue.number}` },
    };
  }

  function updateIssue(state: RepoState, issue: EmuIssue, ctx: Ctx): Reply {
    const body = obj(ctx.body);
    if (body.title !== undefined) {
      if (typeof body.title !== 'string' || body.title === '')
        throw validationFailed('Issue', 'missing_field', 'title');
      issue.title = body.title;
    }
    if (body.body !== undefined) {
      if (body.body !== null && typeof body.body !== 'string')
        throw validationFailed('Issue', 'invalid', 'body');
      issue.body = body.body;
    }
    if (body.labels !== undefined)
      relabel(issue, resolveLabels(state, labelNames(body.labels)), viewer);
    const reasons = ['completed', 'not_planned', 'reopened', 'duplicate', null];
    if (body.state_reason !== undefined && !reasons.includes(body.state_reason as string | null)) {
      throw validationFailed('Issue', 'invalid', 'state_reason');
    }
    if (body.state !== undefined) {
      if (body.state !== 'open' && body.state !== 'closed')
        throw validationFailed('Issue', 'invalid', 'state');
      if (body.state === 'closed' && issue.state === 'open') {
        issue.state = 'closed';
        issue.closed_at = now();
        issue.closedBy = viewer;
        issue.state_reason =
          (body.state_reason as EmuIssue['state_reason'] | undefined) ?? 'completed';
        recordEvent(issue, 'closed', viewer);
      } else if (body.state === 'open' && issue.state === 'closed') {
        issue.state = 'open';
        issue.closed_at = null;
        issue.state_reason = 'reopened';
        issue.closedBy = null;
        recordEvent(issue, 'reopened', viewer);
      }
    } else if (body.state_reason !== undefined && issue.state === 'closed') {
      issue.state_reason = body.state_reason as EmuIssue['state_reason'];
    }
    issue.updated_at = now();
    return { status: 200, body: issueJson(state, issue, ctx.api) };
  }

  function getContents(state: RepoState, filePath: string, ctx: Ctx): Reply {
    const ref = ctx.query.ref ?? state.defaultBranch;
    const commit = headCommit(state, ref.replace(/^refs\/heads\//, '')) ?? state.commits.get(ref);
    if (!commit) {
      throw new HttpError(404, `No commit found for the ref ${ref}`, {
        documentation_url: `${DOCS}/repos/contents#get-repository-content`,
      });
    }
    const bytes = commit.blobs[filePath];
    if (bytes === undefined) throw notFound(`${DOCS}/repos/contents#get-repository-content`);
    const sha = blobSha(bytes);
    const url = `${repoApi(state, ctx.api)}/contents/${filePath}?ref=${encodeURIComponent(ref)}`;
    const html = `${webUrl()}/${state.owner}/${state.name}/blob/${ref}/${filePath}`;
    const gitUrl = `${repoApi(state, ctx.api)}/git/blobs/${sha}`;
    if (RAW.test(ctx.accept)) {
      return { status: 200, raw: bytes, headers: { 'content-type': 'application/vnd.github.raw' } };
    }
    // Over 1 MB, GitHub gives the metadata only: the bytes need the raw media type.
    const large = bytes.length > CONTENTS_LIMIT;
    return {
      status: 200,
      body: {
        type: 'file',
        encoding: large ? 'none' : 'base64',
        size: bytes.length,
        name: filePath.split('/').pop(),
        path: filePath,
        content: large ? '' : base64Lines(bytes),
        sha,
        url,
        git_url: gitUrl,
        html_url: html,
        download_url: `${webUrl()}/raw/${state.owner}/${state.name}/${ref}/${filePath}`,
        _links: { self: url, git: gitUrl, html },
      },
    };
  }

  /**
   * `GET /repos/{o}/{r}/git/blobs/{sha}`: base64 JSON, or the bytes themselves when the request
   * asks for `application/vnd.github.raw+json` (or `.raw`), as GitHub answers (up to 100 MB).
   */
  function getBlob(state: RepoState, sha: string, ctx: Ctx): Reply {
    let bytes: Buffer | undefined;
    for (const commit of state.commits.values()) {
      bytes = Object.values(commit.blobs).find((b) => blobSha(b) === sha);
      if (bytes) break;
    }
    if (!bytes) throw notFound(`${DOCS}/git/blobs#get-a-blob`);
    if (RAW.test(ctx.accept)) {
      return { status: 200, raw: bytes, headers: { 'content-type': 'application/vnd.github.raw' } };
    }
    return {
      status: 200,
      body: {
        sha,
        node_id: `B_${state.id}_${sha}`,
        size: bytes.length,
        url: `${repoApi(state, ctx.api)}/git/blobs/${sha}`,
        content: base64Lines(bytes),
        encoding: 'base64',
      },
    };
  }

  function permission(state: RepoState, username: string, ctx: Ctx): Reply {
    const collaborator = state.collaborators.get(username);
    const fallback = state.private ? 'none' : 'read';
    const body = {
      permission: collaborator?.permission ?? fallback,
      role_name: collaborator?.role ?? fallback,
      user: {
        ...userJson(username, ctx.api),
        permissions: {
          admin: collaborator?.permission === 'admin',
          maintain: collaborator?.role === 'maintain' || collaborator?.role === 'admin',
          push: collaborator?.permission === 'admin' || collaborator?.permission === 'write',
          triage: collaborator !== undefined && collaborator.role !== 'read',
          pull: collaborator !== undefined || !state.private,
        },
        role_name: collaborator?.role ?? fallback,
      },
    };
    return { status: 200, body };
  }

  function restRoute(ctx: Ctx): Reply {
    const { method, path } = ctx;
    let m: RegExpExecArray | null;
    let rest = path;
    let state: RepoState | undefined;
    if ((m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path))) {
      state = findRepo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      rest = m[3] ?? '';
    } else if ((m = /^\/repositories\/(\d+)(\/.*)?$/.exec(path))) {
      state = [...repos.values()].find((r) => r.id === Number(m![1]));
      if (!state) throw notFound();
      rest = m[2] ?? '';
    }
    if (!state) throw notFound();
    // GitHub's Link headers name the repository by id: /repositories/{id}/issues?…
    ctx.self = new URL(`${ctx.api}/repositories/${state.id}${rest}${ctx.self.search}`);

    if (rest === '' && method === 'GET') return { status: 200, body: repoJson(state, ctx.api) };
    if (rest === '/issues' && method === 'GET') return listIssues(state, ctx);
    if (rest === '/issues' && method === 'POST') return createIssue(state, ctx);
    if ((m = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = findIssue(state, m[1]!);
      if (method === 'GET') return { status: 200, body: singleIssueJson(state, issue, ctx.api) };
      if (method === 'PATCH') return updateIssue(state, issue, ctx);
    }
    if ((m = /^\/issues\/(\d+)\/events$/.exec(rest)) && method === 'GET') {
      const issue = findIssue(state, m[1]!);
      const { page, link } = paginate(issue.events, ctx.query, ctx.self);
      return {
        status: 200,
        body: page.map((e) => issueEventJson(state, e, ctx.api)),
        headers: link ? { link } : {},
      };
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = findIssue(state, m[1]!);
      if (method === 'GET') {
        const { page, link } = paginate(issue.comments, ctx.query, ctx.self);
        return {
          status: 200,
          body: page.map((c) => commentJson(state, issue, c, ctx.api)),
          headers: link ? { link } : {},
        };
      }
      if (method === 'POST') {
        const text = obj(ctx.body).body;
        if (typeof text !== 'string' || text === '')
          throw validationFailed('IssueComment', 'missing_field', 'body');
        const time = now();
        const comment: EmuComment = {
          id: nextId(),
          body: text,
          user: viewer,
          created_at: time,
          updated_at: time,
        };
        issue.comments.push(comment);
        issue.updated_at = time;
        return { status: 201, body: commentJson(state, issue, comment, ctx.api) };
      }
    }
    if (rest === '/labels' && method === 'GET') {
      const { page, link } = paginate(state.labels, ctx.query, ctx.self);
      return {
        status: 200,
        body: page.map((l) => labelJson(state, l, ctx.api)),
        headers: link ? { link } : {},
      };
    }
    if (rest === '/labels' && method === 'POST') {
      const body = obj(ctx.body);
      const docs = `${DOCS}/issues/labels#create-a-label`;
      if (typeof body.name !== 'string' || body.name === '')
        throw validationFailed('Label', 'missing_field', 'name', docs);
      if (findLabel(state, body.name))
        throw validationFailed('Label', 'already_exists', 'name', docs);
      if (body.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(String(body.color))) {
        throw validationFailed('Label', 'invalid', 'color', docs);
      }
      const label = createLabel(
        state,
        body.name,
        typeof body.color === 'string' ? body.color.toLowerCase() : 'ededed',
        typeof body.description === 'string' ? body.description : null,
      );
      return { status: 201, body: labelJson(state, label, ctx.api) };
    }
    if ((m = /^\/contents\/(.+)$/.exec(rest)) && method === 'GET') {
      return getContents(state, decodeURIComponent(m[1]!), ctx);
    }
    if ((m = /^\/git\/ref\/heads\/(.+)$/.exec(rest)) && method === 'GET') {
      const branch = decodeURIComponent(m[1]!);
      const oid = state.branches.get(branch);
      if (!oid) throw notFound(`${DOCS}/git/refs#get-a-reference`);
      return {
        status: 200,
        body: {
          ref: `refs/heads/${branch}`,
          node_id: `REF_${state.id}_${branch}`,
          url: `${repoApi(state, ctx.api)}/git/refs/heads/${branch}`,
          object: {
            sha: oid,
            type: 'commit',
            url: `${repoApi(state, ctx.api)}/git/commits/${oid}`,
          },
        },
      };
    }
    if ((m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest)) && method === 'GET') {
      return getBlob(state, m[1]!, ctx);
    }
    if ((m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest)) && method === 'GET') {
      return permission(state, decodeURIComponent(m[1]!), ctx);
    }
    const conversation = conversationRoute(state, rest, ctx);
    if (conversation) return conversation;
    const pullOrArtifact = pullRequestRoute(state, rest, ctx) ?? artifactRoute(state, rest, ctx);
    if (pullOrArtifact) return pullOrArtifact;
    throw notFound();
  }

  // --- comments by id, reactions, who closed an issue ---------------------------------------

  function requireIssue(state: RepoState, number: number): EmuIssue {
    const issue = state.issues[number - 1];
    if (!issue) throw new Error(`emulator: ${state.owner}/${state.name} has no issue #${number}`);
    return issue;
  }

  function requireComment(state: RepoState, id: number): { issue: EmuIssue; comment: EmuComment } {
    for (const issue of state.issues) {
      const comment = issue.comments.find((c) => c.id === id);
      if (comment) return { issue, comment };
    }
    throw new Error(`emulator: ${state.owner}/${state.name} has no comment ${id}`);
  }

  /** Sets the labels, with a `labeled` or `unlabeled` event for each that changed. */
  function relabel(issue: EmuIssue, labels: string[], actor: string, at?: string): void {
    const key = (l: string) => l.toLowerCase();
    const before = new Set(issue.labels.map(key));
    const after = new Set(labels.map(key));
    for (const l of issue.labels)
      if (!after.has(key(l))) recordEvent(issue, 'unlabeled', actor, at, l);
    for (const l of labels) if (!before.has(key(l))) recordEvent(issue, 'labeled', actor, at, l);
    issue.labels = labels;
  }

  function recordEvent(
    issue: EmuIssue,
    event: EmuIssueEvent['event'],
    actor: string,
    at = now(),
    label?: string,
  ): void {
    issue.events.push({
      id: nextId(),
      event,
      actor,
      created_at: at,
      state_reason: issue.state_reason,
      ...(label === undefined ? {} : { label }),
    });
  }

  function issueEventJson(
    state: RepoState,
    e: EmuIssueEvent,
    api: string,
  ): Record<string, unknown> {
    return {
      id: e.id,
      node_id: `${{ closed: 'CE', reopened: 'REE', labeled: 'LE', unlabeled: 'UNLE' }[e.event]}_${e.id}`,
      url: `${repoApi(state, api)}/issues/events/${e.id}`,
      actor: userJson(e.actor, api),
      event: e.event,
      commit_id: null,
      commit_url: null,
      created_at: e.created_at,
      ...(e.label === undefined
        ? { state_reason: e.state_reason }
        : { label: { name: e.label, color: findLabel(state, e.label)?.color ?? 'ededed' } }),
      performed_via_github_app: null,
    };
  }

  /** The single-issue GET: the issue as listed, plus `closed_by`, which only this answer carries. */
  function singleIssueJson(
    state: RepoState,
    issue: EmuIssue,
    api: string,
  ): Record<string, unknown> {
    return {
      ...issueJson(state, issue, api),
      closed_by: issue.state === 'closed' && issue.closedBy ? userJson(issue.closedBy, api) : null,
    };
  }

  function reactionJson(reaction: EmuReaction, api: string): Record<string, unknown> {
    return {
      id: reaction.id,
      node_id: `REA_${reaction.id}`,
      user: userJson(reaction.user, api),
      content: reaction.content,
      created_at: reaction.created_at,
    };
  }

  const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

  /** `/issues/comments/{id}` (GET, PATCH, DELETE) and its `/reactions` (GET, POST). */
  function conversationRoute(state: RepoState, rest: string, ctx: Ctx): Reply | undefined {
    const m = /^\/issues\/comments\/(\d+)(\/reactions)?$/.exec(rest);
    if (!m) return undefined;
    const id = Number(m[1]);
    const found = state.issues
      .map((issue) => ({ issue, comment: issue.comments.find((c) => c.id === id) }))
      .find((f) => f.comment);
    if (!found?.comment) throw notFound(`${DOCS}/issues/comments#get-an-issue-comment`);
    const { issue, comment } = found;
    if (m[2]) {
      const list = state.reactions.get(id) ?? [];
      if (ctx.method === 'GET') {
        const wanted = ctx.query.content;
        const { page, link } = paginate(
          list.filter((r) => !wanted || r.content === wanted),
          ctx.query,
          ctx.self,
        );
        return {
          status: 200,
          body: page.map((r) => reactionJson(r, ctx.api)),
          headers: link ? { link } : {},
        };
      }
      if (ctx.method === 'POST') {
        const content = obj(ctx.body).content;
        const docs = `${DOCS}/reactions/reactions#create-reaction-for-an-issue-comment`;
        if (typeof content !== 'string' || !REACTIONS.includes(content))
          throw validationFailed('Reaction', 'invalid', 'content', docs);
        // The same user's same reaction exists already: 200 and the existing one.
        const existing = list.find((r) => r.user === viewer && r.content === content);
        if (existing) return { status: 200, body: reactionJson(existing, ctx.api) };
        const reaction: EmuReaction = { id: nextId(), user: viewer, content, created_at: now() };
        state.reactions.set(id, [...list, reaction]);
        return { status: 201, body: reactionJson(reaction, ctx.api) };
      }
      return undefined;
    }
    if (ctx.method === 'GET')
      return { status: 200, body: commentJson(state, issue, comment, ctx.api) };
    if (ctx.method === 'PATCH') {
      const text = obj(ctx.body).body;
      if (typeof text !== 'string' || text === '')
        throw validationFailed('IssueComment', 'missing_field', 'body');
      comment.body = text;
      comment.updated_at = now();
      return { status: 200, body: commentJson(state, issue, comment, ctx.api) };
    }
    if (ctx.method === 'DELETE') {
      issue.comments.splice(issue.comments.indexOf(comment), 1);
      state.reactions.delete(id);
      return { status: 204 };
    }
    return undefined;
  }

  // --- GraphQL -----------------------------------------------------------------------------

  /** The value of argument `name` in the query text: a `$variable` or a string literal. */
  function argument(query: string, name: string, variables: Record<string, unknown>): unknown {
    const m = new RegExp(`\\b${name}\\s*:\\s*(\\$\\w+|"(?:[^"\\\\]|\\\\.)*")`).exec(query);
    if (!m) return undefined;
    const token = m[1]!;
    return token.startsWith('$') ? variables[token.slice(1)] : JSON.parse(token);
  }

  function graphqlOperation(query: string): { kind: 'query' | 'mutation'; name: string | null } {
    const m = /^\s*(query|mutation)\b\s*(\w+)?/.exec(query.replace(/^\s*#.*$/gm, ''));
    return { kind: m?.[1] === 'mutation' ? 'mutation' : 'query', name: m?.[2] ?? null };
  }

  type GqlError = {
    type?: string;
    path?: string[];
    locations?: Array<{ line: number; column: number }>;
    message: string;
  };

  function graphqlRoute(ctx: Ctx): Reply {
    const body = obj(ctx.body);
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = obj(body.variables);
    const ok = (data: unknown, errors?: GqlError[]): Reply => ({
      status: 200,
      body: errors ? { data, errors } : { data },
    });
    if (!query)
      return {
        status: 200,
        body: {
          errors: [{ message: 'A query attribute must be specified and must be a string.' }],
        },
      };

    if (/\bcreateCommitOnBranch\s*\(/.test(query)) {
      const input = obj(argument(query, 'input', variables));
      const branchInput = obj(input.branch);
      const nameWithOwner = String(branchInput.repositoryNameWithOwner ?? '');
      const branchName = String(branchInput.branchName ?? '').replace(/^refs\/heads\//, '');
      const fail = (type: string, message: string): Reply =>
        ok({ createCommitOnBranch: null }, [
          { type, path: ['createCommitOnBranch'], locations: [{ line: 2, column: 3 }], message },
        ]);
      const state = repos.get(nameWithOwner.toLowerCase());
      if (!state)
        return fail(
          'NOT_FOUND',
          `Could not resolve to a Repository with the name '${nameWithOwner}'.`,
        );
      const head = headCommit(state, branchName);
      if (!head) return fail('NOT_FOUND', `A ref named "refs/heads/${branchName}" does not exist.`);
      const expected = input.expectedHeadOid;
      if (typeof expected !== 'string' || !/^[0-9a-f]{40}$/.test(expected)) {
        return fail('INVALID', 'expectedHeadOid must be a 40-character commit oid');
      }
      if (expected !== head.oid) {
        return fail(
          'STALE_DATA',
          `Expected branch to point to "${expected}" but it did not.  Pull and try again.`,
        );
      }
      const message = obj(input.message);
      const headline = typeof message.headline === 'string' ? message.headline : '';
      if (!headline) return fail('INVALID', 'A commit message headline is required');
      const fileChanges = obj(input.fileChanges);
      const changes: Record<string, Buffer | null> = {};
      for (const deletion of Array.isArray(fileChanges.deletions) ? fileChanges.deletions : []) {
        const path = String(obj(deletion).path);
        if (head.blobs[path] === undefined)
          return fail(
            'UNPROCESSABLE',
            `A path was requested for deletion which does not exist as of commit oid \`${head.oid}\`: ${path}`,
          );
        changes[path] = null;
      }
      for (const addition of Array.isArray(fileChanges.additions) ? fileChanges.additions : []) {
        const a = obj(addition);
        changes[String(a.path)] = Buffer.from(String(a.contents ?? ''), 'base64');
      }
      const text =
        typeof message.body === 'string' && message.body
          ? `${headline}\n\n${message.body}`
          : headline;
      const commit = makeCommit(head, changes, text);
      state.commits.set(commit.oid, commit);
      state.branches.set(branchName, commit.oid);
      return ok({
        createCommitOnBranch: {
          commit: {
            oid: commit.oid,
            url: `${webUrl()}/${state.owner}/${state.name}/commit/${commit.oid}`,
          },
        },
      });
    }

    if (/^\s*query\b[^{]*\{\s*viewer\s*\{/.test(query)) {
      return ok({ viewer: { __typename: 'Bot', login: viewer } });
    }

    if (/\brepository\s*\(/.test(query) && /\bref\s*\(/.test(query)) {
      const owner = String(argument(query, 'owner', variables) ?? '');
      const name = String(argument(query, 'name', variables) ?? '');
      const state = repos.get(`${owner}/${name}`.toLowerCase());
      if (!state) {
        return ok({ repository: null }, [
          {
            type: 'NOT_FOUND',
            path: ['repository'],
            locations: [{ line: 2, column: 3 }],
            message: `Could not resolve to a Repository with the name '${owner}/${name}'.`,
          },
        ]);
      }
      const qualified = String(argument(query, 'qualifiedName', variables) ?? '');
      const head = headCommit(state, qualified.replace(/^refs\/heads\//, ''));
      if (!head) return ok({ repository: { ref: null } });
      const path = argument(query, 'path', variables);
      const bytes = typeof path === 'string' ? head.blobs[path] : undefined;
      const parent = head.parent === null ? undefined : state.commits.get(head.parent);
      return ok({
        repository: {
          ref: {
            target: {
              __typename: 'Commit',
              oid: head.oid,
              url: `${webUrl()}/${state.owner}/${state.name}/commit/${head.oid}`,
              messageHeadline: head.headline,
              parents: { nodes: parent ? [{ oid: parent.oid }] : [] },
              file: bytes === undefined ? null : { object: blobObject(bytes) },
              ...(/\bhistory\s*\(/.test(query) && typeof path === 'string'
                ? { history: { nodes: lastChange(state, head, path) } }
                : {}),
            },
          },
        },
      });
    }
    return ok(null, [
      { message: `emulator: no support for this GraphQL document: ${query.slice(0, 80)}` },
    ]);
  }

  /** `Commit.history(first: 1, path:)`: the newest commit from `head` back that changed `path`. */
  function lastChange(
    state: RepoState,
    head: EmuCommit,
    path: string,
  ): Array<{ oid: string; committedDate: string }> {
    const bytes = head.blobs[path];
    if (bytes === undefined) return [];
    let commit = head;
    for (;;) {
      const parent = commit.parent === null ? undefined : state.commits.get(commit.parent);
      const before = parent?.blobs[path];
      if (!parent || before === undefined || !before.equals(bytes)) break;
      commit = parent;
    }
    return [{ oid: commit.oid, committedDate: commit.date }];
  }

  // --- pull requests and workflow artifacts ----------------------------------------------------

  const pullsOf = new WeakMap<RepoState, Map<number, EmuPullRequest>>();
  const artifactsOf = new WeakMap<RepoState, EmuArtifact[]>();
  /** Signed download paths, as the zip endpoint's redirect names them: path → artifact. */
  const downloads = new Map<string, EmuArtifact>();
  const DOWNLOAD_PREFIX = '/_artifact-downloads/';

  function pullsIn(state: RepoState): Map<number, EmuPullRequest> {
    let pulls = pullsOf.get(state);
    if (!pulls) pullsOf.set(state, (pulls = new Map()));
    return pulls;
  }

  function artifactsIn(state: RepoState): EmuArtifact[] {
    let list = artifactsOf.get(state);
    if (!list) artifactsOf.set(state, (list = []));
    return list;
  }

  function requirePull(state: RepoState, number: number): EmuPullRequest {
    const pr = pullsIn(state).get(number);
    if (!pr)
      throw new Error(`emulator: ${state.owner}/${state.name} has no pull request #${number}`);
    return pr;
  }

  function pullRequestsHandle(state: RepoState): PullRequestsHandle {
    const fullName = `${state.owner}/${state.name}`;
    const pushHead = (branch: string, files: Record<string, string | null>, message: string) => {
      const parent = headCommit(state, branch) ?? requireHead(state, state.defaultBranch);
      const commit = makeCommit(parent, files, message);
      state.commits.set(commit.oid, commit);
      state.branches.set(branch, commit.oid);
      return commit;
    };
    return {
      openPullRequest(seed) {
        const baseRef = seed.base ?? state.defaultBranch;
        const baseSha = requireHead(state, baseRef).oid;
        if (!headCommit(state, seed.branch)) state.branches.set(seed.branch, baseSha);
        const head = pushHead(
          seed.branch,
          seed.files,
          `Change ${Object.keys(seed.files).join(', ')}`,
        );
        const user = seed.user ?? 'octocat';
        const issue = addIssue(state, {
          title: seed.title ?? `Update ${seed.branch}`,
          user,
          isPullRequest: true,
        });
        const pr: EmuPullRequest = {
          number: issue.number,
          title: issue.title,
          user,
          state: 'open',
          headRef: seed.branch,
          headSha: head.oid,
          baseRef,
          baseSha,
          headRepo: seed.fork ?? fullName,
        };
        pullsIn(state).set(pr.number, pr);
        return pr;
      },
      pushToPullRequest(number, files) {
        const pr = requirePull(state, number);
        pr.headSha = pushHead(pr.headRef, files, `Change ${Object.keys(files).join(', ')}`).oid;
        return pr;
      },
      pullRequest: (number) => requirePull(state, number),
      addArtifact(seed) {
        const artifact: EmuArtifact = {
          id: nextId(),
          runId: seed.runId,
          name: seed.name,
          zip: Buffer.from(seed.zip),
          headSha: seed.headSha,
          headBranch: seed.headBranch ?? 'main',
          expired: seed.expired ?? false,
          created_at: now(),
        };
        artifactsIn(state).push(artifact);
        return artifact;
      },
      get artifacts() {
        return artifactsIn(state);
      },
    };
  }

  function pullJson(state: RepoState, pr: EmuPullRequest, api: string): Record<string, unknown> {
    const issue = state.issues[pr.number - 1]!;
    const side = (ref: string, sha: string, repoName: string) => {
      const [owner] = repoName.split('/');
      const repo =
        repoName.toLowerCase() === `${state.owner}/${state.name}`.toLowerCase()
          ? repoJson(state, api)
          : {
              full_name: repoName,
              name: repoName.split('/')[1],
              fork: true,
              owner: userJson(owner!, api),
            };
      return { label: `${owner}:${ref}`, ref, sha, user: userJson(owner!, api), repo };
    };
    const html = `${webUrl()}/${state.owner}/${state.name}/pull/${pr.number}`;
    return {
      url: `${repoApi(state, api)}/pulls/${pr.number}`,
      id: state.id * 100_000 + pr.number,
      node_id: `PR_${state.id}_${pr.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${repoApi(state, api)}/issues/${pr.number}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: userJson(pr.user, api),
      body: issue.body,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: null,
      merged_at: null,
      draft: false,
      head: side(pr.headRef, pr.headSha, pr.headRepo),
      base: side(pr.baseRef, pr.baseSha, `${state.owner}/${state.name}`),
      author_association: 'CONTRIBUTOR',
      merged: false,
    };
  }

  /** `GET /pulls/{n}`. */
  function pullRequestRoute(state: RepoState, rest: string, ctx: Ctx): Reply | undefined {
    const m = /^\/pulls\/(\d+)$/.exec(rest);
    if (!m || ctx.method !== 'GET') return undefined;
    const pr = pullsIn(state).get(Number(m[1]));
    if (!pr) throw notFound(`${DOCS}/pulls/pulls#get-a-pull-request`);
    return { status: 200, body: pullJson(state, pr, ctx.api) };
  }

  function artifactJson(state: RepoState, a: EmuArtifact, api: string): Record<string, unknown> {
    const url = `${repoApi(state, api)}/actions/artifacts/${a.id}`;
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.zip.length,
      url,
      archive_download_url: `${url}/zip`,
      expired: a.expired,
      digest: `sha256:${createHash('sha256').update(a.zip).digest('hex')}`,
      created_at: a.created_at,
      updated_at: a.created_at,
      expires_at: a.created_at.replace(/^\d{4}/, (y) => String(Number(y) + 1)),
      workflow_run: {
        id: a.runId,
        repository_id: state.id,
        head_repository_id: state.id,
        head_branch: a.headBranch,
        head_sha: a.headSha,
      },
    };
  }

  /**
   * `GET /actions/runs/{id}/artifacts` (`name` filters, paginated, `{ total_count, artifacts }`),
   * `GET /actions/artifacts/{id}`, and `GET /actions/artifacts/{id}/zip`: a 302 to a short-lived
   * signed URL, or 410 once the artifact expired.
   */
  function artifactRoute(state: RepoState, rest: string, ctx: Ctx): Reply | undefined {
    if (ctx.method !== 'GET') return undefined;
    let m = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(rest);
    if (m) {
      const runId = Number(m[1]);
      const list = artifactsIn(state)
        .filter((a) => a.runId === runId && (!ctx.query.name || a.name === ctx.query.name))
        .sort((a, b) => b.id - a.id);
      const { page, link } = paginate(list, ctx.query, ctx.self);
      return {
        status: 200,
        body: {
          total_count: list.length,
          artifacts: page.map((a) => artifactJson(state, a, ctx.api)),
        },
        headers: link ? { link } : {},
      };
    }
    m = /^\/actions\/artifacts\/(\d+)(?:\/([^/]+))?$/.exec(rest);
    if (!m) return undefined;
    const artifact = artifactsIn(state).find((a) => a.id === Number(m![1]));
    if (!artifact) throw notFound(`${DOCS}/actions/artifacts#get-an-artifact`);
    if (!m[2]) return { status: 200, body: artifactJson(state, artifact, ctx.api) };
    if (m[2] !== 'zip') throw notFound(`${DOCS}/actions/artifacts#download-an-artifact`);
    if (artifact.expired) throw new HttpError(410, 'Artifact has expired');
    const signed = `${DOWNLOAD_PREFIX}${artifact.id}/${randomBytes(12).toString('hex')}`;
    downloads.set(signed, artifact);
    return { status: 302, headers: { location: `${base}${signed}` } };
  }

  /** The bytes behind a signed download URL, or undefined for any other path. */
  function artifactDownload(path: string): Reply | undefined {
    if (!path.startsWith(DOWNLOAD_PREFIX)) return undefined;
    const artifact = downloads.get(path);
    if (!artifact) return { status: 404, raw: Buffer.from('The specified blob does not exist.') };
    downloads.delete(path);
    return {
      status: 200,
      raw: artifact.zip,
      headers: { 'content-type': 'application/zip', 'content-length': String(artifact.zip.length) },
    };
  }

  /** GitHub's answer to a write made with a read-only token. */
  function readOnlyRefusal(entry: LoggedRequest): Reply {
    if (entry.graphql)
      return {
        status: 200,
        body: {
          data: null,
          errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }],
        },
      };
    return {
      status: 403,
      body: errorBody(403, 'Resource not accessible by integration', {
        documentation_url: `${DOCS}/issues/comments#create-an-issue-comment`,
      }),
      headers: { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' },
    };
  }

  // --- request handling --------------------------------------------------------------------

  function takeFault(entry: LoggedRequest): Fault | undefined {
    const index = faults.findIndex(({ matcher }) => matches(matcher, entry));
    if (index >= 0) return faults.splice(index, 1)[0]!.fault;
    for (const rule of chaosRules) {
      if (!matches(rule.matcher, entry)) continue;
      if (rule.random() < rule.rate)
        return rule.faults[Math.floor(rule.random() * rule.faults.length)];
    }
    return undefined;
  }

  // --- chaos: random faults ----------------------------------------------------------------

  interface ChaosRule {
    matcher: RouteMatcher;
    rate: number;
    faults: Fault[];
    random: () => number;
  }
  const chaosRules: ChaosRule[] = [];

  function destroy(req: IncomingMessage): void {
    const socket = req.socket;
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }

  function faultReply(fault: Fault, resource: string): Reply | undefined {
    switch (fault.kind) {
      case 'status':
        return {
          status: fault.status,
          body: errorBody(
            fault.status,
            fault.message ?? (fault.status >= 500 ? 'Server Error' : 'Error'),
          ),
        };
      case 'secondary-rate-limit':
        return {
          status: 403,
          headers: { 'retry-after': String(fault.retryAfter ?? 60) },
          body: errorBody(
            403,
            `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId()}.`,
            {
              documentation_url:
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            },
          ),
        };
      case 'rate-limit': {
        const status = fault.status ?? 403;
        const reset = Math.floor(Date.now() / 1000) + (fault.resetIn ?? 60);
        return {
          status,
          headers: {
            'x-ratelimit-remaining': '0',
            'x-ratelimit-used': String(limit),
            'x-ratelimit-reset': String(reset),
            'x-ratelimit-resource': resource,
          },
          body: errorBody(
            status,
            `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ${requestId()} and timestamp ${new Date().toISOString()}.`,
            {
              documentation_url:
                'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
            },
          ),
        };
      }
      default:
        return undefined;
    }
  }

  function send(res: ServerResponse, reply: Reply, resource: string): void {
    used[resource] = (used[resource] ?? 0) + 1;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': requestId(),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(limit - used[resource]!, 0)),
      'x-ratelimit-reset': String(resetAt),
      'x-ratelimit-used': String(used[resource]),
      'x-ratelimit-resource': resource,
      ...reply.headers,
    };
    res.writeHead(reply.status, headers);
    res.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const self = new URL(req.url ?? '/', base);
    let path = self.pathname;
    let prefix = '';
    if (path === '/api/graphql') {
      prefix = '/api';
      path = '/graphql';
    } else if (path.startsWith('/api/v3/') || path === '/api/v3') {
      prefix = '/api/v3';
      path = path.slice(prefix.length) || '/';
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const isGraphql = path === '/graphql';
    const entry: LoggedRequest = {
      method,
      path,
      rawPath: self.pathname,
      query: Object.fromEntries(self.searchParams),
      body,
    };
    if (isGraphql && method === 'POST')
      entry.graphql = graphqlOperation(String(obj(body).query ?? ''));
    requests.push(entry);
    const resource = isGraphql ? 'graphql' : 'core';
    const reply = (r: Reply): void => {
      entry.status = r.status;
      send(res, r, resource);
    };

    // An artifact's download URL is signed: it needs no token (GitHub's points at another host).
    const download = artifactDownload(path);
    if (download) {
      reply(download);
      return;
    }
    const auth = req.headers.authorization;
    const given = auth ? /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1] : undefined;
    const readOnly = given !== undefined && (options.readOnlyTokens ?? []).includes(given);
    if (
      readOnly &&
      (entry.graphql ? entry.graphql.kind === 'mutation' : !['GET', 'HEAD'].includes(method))
    ) {
      reply(readOnlyRefusal(entry));
      return;
    }
    if (options.token !== undefined && !readOnly) {
      if (given !== options.token) {
        reply({
          status: 401,
          body: errorBody(401, auth ? 'Bad credentials' : 'Requires authentication'),
        });
        return;
      }
    }

    const fault = takeFault(entry);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === 'before') fault.action();
    if (fault?.kind === 'reset') {
      entry.status = null;
      destroy(req);
      return;
    }
    if (fault?.kind === 'hang') {
      entry.status = null;
      return;
    }
    const injected = fault && faultReply(fault, resource);
    if (injected) {
      reply(injected);
      return;
    }

    let answer: Reply;
    try {
      const ctx: Ctx = {
        method,
        path,
        query: entry.query,
        body,
        api: `${base}${prefix === '/api' ? '/api/v3' : prefix}`,
        self,
        accept: req.headers.accept ?? '',
      };
      answer = isGraphql
        ? method === 'POST'
          ? graphqlRoute(ctx)
          : { status: 404, body: errorBody(404, 'Not Found') }
        : restRoute(ctx);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      answer = { status: error.status, body: errorBody(error.status, error.message, error.extra) };
    }
    if (fault?.kind === 'lost-response') {
      entry.status = null;
      destroy(req);
      return;
    }
    if (fault?.kind === 'applied-then') {
      answer = faultReply(fault.error, resource) ?? answer;
    }
    reply(answer);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(errorBody(500, `emulator bug: ${String(error)}`)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    graphqlUrl: `${base}/graphql`,
    enterprise: { apiUrl: `${base}/api/v3`, graphqlUrl: `${base}/api/graphql` },
    requests,
    writes: () =>
      requests.filter((r) =>
        r.graphql ? r.graphql.kind === 'mutation' : r.method !== 'GET' && r.method !== 'HEAD',
      ),
    requestsTo: (matcher) => requests.filter((r) => matches(matcher, r)),
    clearRequests: () => {
      requests.length = 0;
    },
    repo: (fullName) => handle(getOrCreateRepo(fullName)),
    inject(matcher, fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push({ matcher, fault });
    },
    pendingFaults: () => faults.length,
    chaos(matcher, options) {
      const rule = {
        matcher,
        rate: options.rate,
        faults: options.faults,
        random: seeded(options.seed),
      };
      chaosRules.push(rule);
      return { stop: () => void chaosRules.splice(chaosRules.indexOf(rule), 1) };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
