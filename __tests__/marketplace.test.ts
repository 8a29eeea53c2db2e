import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = new URL('..', import.meta.url).pathname;

interface ActionMetadata {
  name?: unknown;
  description?: unknown;
  branding?: { icon?: unknown; color?: unknown };
  inputs?: Record<string, { description?: unknown }>;
  outputs?: Record<string, { description?: unknown }>;
  runs?: { using?: unknown; main?: unknown };
}

// From GitHub's metadata syntax reference (branding) and the Marketplace release form, which
// refuses "Description must be less than 125 characters".
const MAX_DESCRIPTION = 124;
const COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark',
];
const ICONS = new Set(
  readFileSync(join(root, '__tests__/fixtures/marketplace/feather-icons.txt'), 'utf8').split(/\s+/),
);
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What the Marketplace would refuse in an action's metadata, one message per problem. */
function marketplaceProblems(action: ActionMetadata): string[] {
  const problems: string[] = [];
  if (typeof action.name !== 'string' || !action.name.trim()) problems.push('name is required');
  if (typeof action.description !== 'string' || !action.description.trim()) {
    problems.push('description is required');
  } else if ([...action.description].length > MAX_DESCRIPTION) {
    problems.push(
      `description is ${[...action.description].length} characters, the Marketplace takes fewer than 125`,
    );
  }
  if (!COLORS.includes(String(action.branding?.color)))
    problems.push(`branding.color "${action.branding?.color}" is not one of ${COLORS.join(', ')}`);
  if (!ICONS.has(String(action.branding?.icon)))
    problems.push(`branding.icon "${action.branding?.icon}" is not a supported Feather icon`);
  for (const [kind, entries] of Object.entries({ input: action.inputs, output: action.outputs })) {
    for (const [id, spec] of Object.entries(entries ?? {})) {
      if (!ID.test(id)) problems.push(`${kind} id "${id}" must start with a letter or _`);
      if (typeof spec?.description !== 'string' || !spec.description.trim())
        problems.push(`${kind} "${id}" has no description`);
    }
  }
  if (!['node20', 'node24'].includes(String(action.runs?.using)))
    problems.push(`runs.using "${action.runs?.using}" is not a JavaScript runtime`);
  return problems;
}

const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionMetadata;

describe('action.yml publishes on the GitHub Marketplace', () => {
  it('meets every limit the Marketplace enforces', () => {
    expect(marketplaceProblems(action)).toEqual([]);
  });

  it('is the one metadata file at the root, and runs.main exists', () => {
    expect(existsSync(join(root, 'action.yaml'))).toBe(false);
    expect(existsSync(join(root, String(action.runs?.main)))).toBe(true);
  });

  it('refuses a description of 125 characters and takes one of 124', () => {
    const with125 = { ...action, description: 'x'.repeat(125) };
    expect(marketplaceProblems(with125)).toEqual([
      'description is 125 characters, the Marketplace takes fewer than 125',
    ]);
    expect(marketplaceProblems({ ...action, description: '✓'.repeat(124) })).toEqual([]);
  });

  it('refuses unknown branding and undescribed inputs', () => {
    const broken = {
      ...action,
      branding: { icon: 'coffee', color: 'pink' },
      inputs: { '1st': { description: '' } },
    };
    expect(marketplaceProblems(broken)).toEqual([
      'branding.color "pink" is not one of white, black, yellow, blue, green, orange, red, purple, gray-dark',
      'branding.icon "coffee" is not a supported Feather icon',
      'input id "1st" must start with a letter or _',
      'input "1st" has no description',
    ]);
  });
});
