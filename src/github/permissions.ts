import type { GitHubClient, RepoRef } from './client.js';

/** A user's role on a repository, from strongest to weakest. */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

const ROLES: readonly Permission[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];

/**
 * The user's role on the repository: `role_name` when it is one of the base roles, else (a custom
 * role) the base `permission` it grants. A user GitHub does not know (404) has 'none'.
 */
export async function getPermission(
  client: GitHubClient,
  repo: RepoRef,
  username: string,
): Promise<Permission> {
  try {
    const { data } = await client.octokit.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username,
    });
    const role = (data as { role_name?: string }).role_name;
    if (role && (ROLES as readonly string[]).includes(role)) return role as Permission;
    return (ROLES as readonly string[]).includes(data.permission)
      ? (data.permission as Permission)
      : 'none';
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'none';
    throw error;
  }
}

/** Whether the user may push: admin, maintain or write. */
export async function hasWriteAccess(
  client: GitHubClient,
  repo: RepoRef,
  username: string,
): Promise<boolean> {
  const permission = await getPermission(client, repo, username);
  return permission === 'admin' || permission === 'maintain' || permission === 'write';
}
