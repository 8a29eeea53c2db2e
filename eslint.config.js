// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const octokit = ['@octokit/*', '@actions/github'];
const actions = ['@actions/*'];

/** Layering from docs/architecture.md: imports point downward only. */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'tools/', 'coverage/', '.tmp/'] },
  // The tiny projects the real test runners run, with those runners' globals.
  { ignores: ['__tests__/fixtures/runners/*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  layer(
    ['src/tracker/**', 'src/evidence/**', 'src/reconcile/**', 'src/report/**'],
    [...actions, ...octokit, '../github/*', '../modes/*', '../main*', '../cli*'],
    'The pure core (tracker, evidence, reconcile, report) imports no I/O shell, @actions/* or octokit.',
  ),
  layer(
    ['src/tracker/**'],
    ['../evidence/*', '../reconcile/*', '../report/*'],
    'tracker/ is the bottom layer.',
  ),
  layer(
    ['src/github/**', 'src/modes/**'],
    ['@actions/core'],
    'Only the entry points import @actions/core.',
  ),
);
