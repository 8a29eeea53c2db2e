import type { GitHubClient } from './client.js';

const VIEWER = `query Viewer { viewer { login } }`;

/**
 * The login the token acts as: `github-actions[bot]` for the workflow's GITHUB_TOKEN, the app's
 * `<slug>[bot]` for an app token, the user for a PAT. Read through GraphQL's `viewer`, which
 * answers every kind of token (REST `GET /user` refuses installation tokens).
 */
export async function actionIdentity(client: GitHubClient): Promise<string> {
  const data = await client.graphql<{ viewer: { login: string } }>(VIEWER);
  return data.viewer.login;
}

/**
 * Whether two logins name the same account. Logins compare case-insensitively, and a bot is
 * spelled with and without its `[bot]` suffix (GraphQL and REST differ on it).
 */
export function sameLogin(a: string, b: string): boolean {
  const norm = (login: string) => login.toLowerCase().replace(/\[bot\]$/, '');
  return norm(a) === norm(b);
}
