import type { ListItem, PhrasingContent, RootContent } from 'mdast';
import type { Outcome } from '../reconcile/command-plan.js';
import { COMMANDS } from '../reconcile/commands.js';
import { renderMarkdown } from '../tracker/style.js';

/** The issue after the run, as the reply shows it. */
export interface IssueState {
  state: 'open' | 'closed';
  stateReason?: string | null;
  labels: string[];
}

/** Everything a reply to a comment's commands says. */
export interface ReplyInput {
  prefix: string;
  outcomes: Outcome[];
  /** The unified diff of the tracker ('' when it did not change). */
  diff: string;
  commit: { oid: string; url: string } | null;
  branch: string;
  trackerPath: string;
  issue: IssueState | null;
  /** Why nothing was written although something would change (dry-run, commit: false). */
  notWritten?: string;
}

/** Lines of the tracker diff a reply quotes before it says how many more there are. */
export const REPLY_DIFF_LINES = 40;

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value });
const paragraph = (...children: PhrasingContent[]): RootContent => ({
  type: 'paragraph',
  children,
});
const listItem = (...children: PhrasingContent[]): ListItem => ({
  type: 'listItem',
  spread: false,
  children: [{ type: 'paragraph', children }],
});

/**
 * The commands quoted as the comment gave them, in a code block: inert, so quoting them runs
 * nothing and a line of the comment can trigger nothing anywhere.
 */
function quoted(lines: string[]): RootContent {
  return { type: 'code', lang: 'text', value: lines.join('\n') };
}

/** The list of commands, as a code block (inert too: quoting the help runs nothing). */
export function helpBlock(prefix: string): RootContent[] {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  return [
    paragraph(text('Commands, each at the start of its own line:')),
    {
      type: 'code',
      lang: 'text',
      value: COMMANDS.map(
        (c) => `${prefix} ${`${c.name} ${c.args}`.trim().padEnd(width)}  ${c.does}`,
      ).join('\n'),
    },
  ];
}

/**
 * The reply to a comment's commands: the command lines quoted, what each came to, the tracker
 * diff (short, fenced) and its commit, the issue's state and labels; the help when asked for or
 * when a command was unknown. Built as mdast: the renderer escapes, never this code.
 */
export function renderReply(input: ReplyInput): string {
  const { outcomes } = input;
  const changed = outcomes.some((o) => o.changed);
  const failed = outcomes.some((o) => !o.ok);
  const headline = input.notWritten
    ? `Nothing was written: ${input.notWritten}.`
    : changed
      ? failed
        ? 'Done, but not everything:'
        : 'Done.'
      : failed
        ? 'Nothing changed:'
        : 'Nothing changed.';
  const nodes: RootContent[] = [
    quoted(outcomes.map((o) => o.line)),
    paragraph({ type: 'strong', children: [text(headline)] }),
    {
      type: 'list',
      ordered: false,
      spread: false,
      children: outcomes.map((o) => listItem(text(`${o.ok ? '✅' : '❌'} ${o.message}`))),
    },
  ];
  if (input.diff) {
    const lines = input.diff.trimEnd().split('\n');
    const shown = lines.slice(0, REPLY_DIFF_LINES);
    if (lines.length > shown.length) shown.push(`… ${lines.length - shown.length} more lines`);
    const where: PhrasingContent[] = input.commit
      ? [
          text('Tracker: '),
          { type: 'link', url: input.commit.url, children: [code(input.commit.oid.slice(0, 7))] },
          text(' on '),
          code(input.branch),
        ]
      : [text('Tracker (not committed): '), code(input.trackerPath)];
    nodes.push(paragraph(...where), { type: 'code', lang: 'diff', value: shown.join('\n') });
  }
  if (input.issue) {
    const state =
      input.issue.state === 'closed'
        ? input.issue.stateReason === 'not_planned'
          ? 'closed as not planned'
          : 'closed'
        : 'open';
    const labels = input.issue.labels.flatMap((l, i) => (i ? [text(', '), code(l)] : [code(l)]));
    nodes.push(
      paragraph(text(`Issue: ${state}`), ...(labels.length ? [text(' · labels '), ...labels] : [])),
    );
  }
  if (outcomes.some((o) => o.help)) nodes.push(...helpBlock(input.prefix));
  return `${renderMarkdown(nodes)}\n`;
}

/** The answer to someone below the permission commands need: nothing changed, and why. */
export function renderRefusal(lines: string[], login: string, needed: string, has: string): string {
  return `${renderMarkdown([
    quoted(lines),
    paragraph(
      text(
        `Nothing changed: commands need the ${needed} permission on this repository, and ${login} has ${has}.`,
      ),
    ),
  ])}\n`;
}

/** The answer when the run itself failed (GitHub refused a write, say): nothing may be half done. */
export function renderFailure(lines: string[], runUrl: string | undefined): string {
  return `${renderMarkdown([
    quoted(lines),
    paragraph(
      text('The commands could not be carried out; the workflow run says why'),
      ...(runUrl
        ? [text(': '), { type: 'link' as const, url: runUrl, children: [text(runUrl)] }]
        : [text('.')]),
    ),
  ])}\n`;
}
