import type { Paragraph, RootContent } from 'mdast';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { Priority } from '../tracker/schema.js';
import type { Change } from './changes.js';

/** One command line of a comment: the line as written, and its command or what is wrong with it. */
export type CommandLine = { line: string } & (
  | { command: Change; error?: undefined }
  | { command?: undefined; error: string; /** Show the help with the answer. */ help: boolean }
);

/** Every command with its arguments and what it does: the help text and the docs list these. */
export const COMMANDS: readonly { name: Change['kind']; args: string; does: string }[] = [
  { name: 'resolve', args: '[note]', does: 'mark the item resolved and close the issue' },
  { name: 'reopen', args: '[note]', does: 'open the item again and reopen the issue' },
  { name: 'block', args: '<reason>', does: 'mark the item blocked, with the reason' },
  { name: 'unblock', args: '[note]', does: 'mark a blocked item open again' },
  { name: 'priority', args: '<P0|P1|P2|P3>', does: "move the item to that priority's section" },
  { name: 'status', args: '<text>', does: "set the item's Status field" },
  { name: 'note', args: '<text>', does: 'add a dated line to the item' },
  { name: 'track', args: '[P0|P1|P2|P3]', does: 'add an issue that is not tracked yet' },
  { name: 'help', args: '', does: 'show this list' },
];

/** A note, reason or status longer than this is refused: a tracker line is not an essay. */
export const MAX_ARGUMENT = 300;

const processor = remark().use(remarkGfm);
const PRIORITIES = Priority.options.join(', ');

/**
 * The command lines of a comment, in order: lines that start with `prefix` (case-insensitive,
 * then a space or the end of the line). The comment is read as markdown, so a line inside code
 * (fenced, indented or inline), a block quote or an HTML comment is never a command: quoting a
 * command, or the bot's own help, runs nothing.
 */
export function commandLines(body: string, prefix: string): string[] {
  const source = body.split(/\r?\n/);
  const found: string[] = [];
  const visit = (node: RootContent): void => {
    if (node.type === 'paragraph') found.push(...paragraphCommands(node, source, prefix));
    else if (node.type !== 'blockquote' && 'children' in node)
      (node.children as RootContent[]).forEach(visit);
  };
  processor.parse(body).children.forEach(visit);
  return found;
}

/** The lines of a paragraph whose text (not code, not HTML) starts with the prefix. */
function paragraphCommands(paragraph: Paragraph, source: string[], prefix: string): string[] {
  const found: string[] = [];
  let atLineStart = true;
  for (const child of paragraph.children) {
    if (child.type !== 'text') {
      atLineStart = child.type === 'break';
      continue;
    }
    child.value.split('\n').forEach((part, i) => {
      if ((i > 0 || atLineStart) && startsWithPrefix(part.trimStart(), prefix)) {
        const line = source[child.position!.start.line - 1 + i] ?? '';
        const at = line.toLowerCase().indexOf(prefix.toLowerCase());
        // Only a list marker or a checkbox may come before it on its source line.
        if (at >= 0 && /^\s*(?:(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)*$/.test(line.slice(0, at)))
          found.push(line.slice(at).trim());
      }
    });
    atLineStart = child.value.endsWith('\n');
  }
  return found;
}

function startsWithPrefix(text: string, prefix: string): boolean {
  return (
    text.toLowerCase().startsWith(prefix.toLowerCase()) &&
    (text.length === prefix.length || /\s/.test(text[prefix.length]!))
  );
}

/** Reads one command line (`/tracker priority P2`) into a command, or says what is wrong. */
export function parseCommand(line: string, prefix: string): CommandLine {
  const rest = line.slice(prefix.length).trim();
  const name = (/^\S*/.exec(rest)![0] ?? '').toLowerCase();
  const args = rest.slice(name.length).trim();
  const fail = (error: string, help = false): CommandLine => ({ line, error, help });
  if (args.length > MAX_ARGUMENT)
    return fail(`"${name}" takes at most ${MAX_ARGUMENT} characters after the command`);
  const needs = (what: string) => fail(`"${name}" needs ${what}: ${prefix} ${name} ${usage(name)}`);
  const ok = (command: Change): CommandLine => ({ line, command });
  switch (name) {
    case '':
    case 'help':
      return ok({ kind: 'help' });
    case 'resolve':
      return ok({ kind: 'resolve', status: 'resolved', note: args });
    case 'reopen':
    case 'unblock':
      return ok({ kind: name, note: args });
    case 'block':
      return args ? ok({ kind: 'block', reason: args }) : needs('a reason');
    case 'status':
    case 'note':
      return args ? ok({ kind: name, text: args }) : needs('a text');
    case 'priority': {
      if (!args) return needs(`one of ${PRIORITIES}`);
      const priority = readPriority(args);
      return priority
        ? ok({ kind: 'priority', priority })
        : fail(`unknown priority "${args}"; expected one of ${PRIORITIES}`);
    }
    case 'track': {
      if (!args) return ok({ kind: 'track', priority: null });
      const priority = readPriority(args);
      return priority
        ? ok({ kind: 'track', priority })
        : fail(`unknown priority "${args}"; expected one of ${PRIORITIES}, or none`);
    }
    default: {
      const near = COMMANDS.find((c) => distance(c.name, name) <= 2);
      return fail(`unknown command "${name}"${near ? `; did you mean "${near.name}"?` : ''}`, true);
    }
  }
}

/** The command lines of a comment, each read. */
export function readComment(body: string, prefix: string): CommandLine[] {
  return commandLines(body, prefix).map((line) => parseCommand(line, prefix));
}

/**
 * The command lines of an edited comment that its previous body did not have: editing a
 * comment to add a command runs that command alone, never the ones already run.
 */
export function newCommandLines(body: string, previous: string, prefix: string): CommandLine[] {
  const before = commandLines(previous, prefix).map(normalize);
  return commandLines(body, prefix).flatMap((line) => {
    const at = before.indexOf(normalize(line));
    if (at >= 0) {
      before.splice(at, 1);
      return [];
    }
    return [parseCommand(line, prefix)];
  });
}

const normalize = (line: string) => line.replace(/\s+/g, ' ').trim().toLowerCase();

function usage(name: string): string {
  return COMMANDS.find((c) => c.name === name)?.args ?? '';
}

function readPriority(text: string): Priority | null {
  const parsed = Priority.safeParse(text.trim().toUpperCase());
  return parsed.success ? parsed.data : null;
}

/** Levenshtein distance, for "did you mean" on a misspelt command. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}
