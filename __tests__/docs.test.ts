import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ActionInputs } from '../src/modes/inputs.js';
import { outputsOf } from '../src/report/summary.js';
import { collectOutputs, gateOutputs } from '../src/report/pull-request.js';

interface ActionSpec {
  inputs: Record<string, { description?: string }>;
  outputs: Record<string, { description?: string }>;
}
const action = parseYaml(readFileSync('action.yml', 'utf8')) as ActionSpec;

/** Every `with:` block of a step that uses this action, in the YAML blocks of a markdown file. */
function withBlocks(file: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const step = node as { uses?: unknown; with?: Record<string, unknown> };
    if (String(step.uses ?? '').includes('known-issues-action') && step.with) found.push(step.with);
    Object.values(node).forEach(visit);
  };
  for (const block of readFileSync(file, 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    visit(parseYaml(block[1]!));
  }
  return found;
}

describe('action.yml and the docs agree with the code', () => {
  it('action.yml declares exactly the inputs the action reads, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(ActionInputs.shape).sort());
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(spec.description?.length).toBeGreaterThan(10);
    }
  });

  it('action.yml declares exactly the outputs the action sets', () => {
    const outputs = outputsOf({
      plan: { edits: [], operations: [], links: [], notes: [] },
      applied: { applied: [], deferred: [] },
      diagnostics: [],
      before: '',
      after: '',
      commit: null,
    });
    const coverage = { known: [], new: [], appearsFixed: [] };
    const all = { ...outputs, ...collectOutputs(''), ...gateOutputs(coverage) };
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(all).sort());
  });

  it.each(['README.md', 'docs/workflows.md', 'docs/commands.md', 'docs/pull-requests.md'])(
    '%s: workflow examples parse and use only declared inputs',
    (file) => {
      const blocks = withBlocks(file);
      expect(blocks.length).toBeGreaterThan(0);
      for (const inputs of blocks) {
        for (const name of Object.keys(inputs)) expect(Object.keys(action.inputs)).toContain(name);
      }
    },
  );
});
