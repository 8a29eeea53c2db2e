import { lineAt } from './text.js';

/** JSON parsed, or why not with the 1-based line when the engine says where. */
export type JsonResult =
  { ok: true; value: unknown } | { ok: false; reason: string; line?: number };

/** Parses JSON, locating a syntax error by line when the engine says where it is. */
export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const end = text.trimEnd().length;
    const lineColumn = /\(line (\d+) column \d+\)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    const line = lineColumn
      ? Number(lineColumn[1])
      : position
        ? lineAt(text, Math.min(Number(position[1]), end))
        : /end of JSON input/i.test(message)
          ? lineAt(text, end)
          : undefined;
    return { ok: false, reason: `invalid JSON: ${message}`, ...(line ? { line } : {}) };
  }
}

/** The first schema issue of a zod error, as "at a.b.c: message". */
export function describeShape(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  const issue = issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
  return `${where}: ${issue?.message ?? 'unexpected shape'}`;
}
