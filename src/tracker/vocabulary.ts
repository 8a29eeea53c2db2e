import type { Priority, Status } from './schema.js';

// Everything the parser reads as a status or a priority, and the names of columns and fields,
// in one place: English, German, Japanese, Chinese, Korean and Russian, the languages trackers
// are written in. docs/tracker-format.md shows the same tables.

/** Matches the emoji variation selector (U+FE0F), which status emoji may or may not carry. */
const VARIATION_SELECTOR = /\uFE0F/g;

/** Status emoji as people use them, without the variation selector (U+FE0F). */
// prettier-ignore
const EMOJI_STATUS: Record<string, Status> = {
  '✅': 'resolved', '✔': 'resolved', '☑': 'resolved', '🟢': 'resolved', '✓': 'resolved',
  '⚠': 'open', '🟡': 'in_progress', '❌': 'open', '🔴': 'open', '🟠': 'open',
  '⛔': 'blocked', '🚫': 'blocked', '⏸': 'blocked',
  '🚧': 'in_progress', '🔄': 'in_progress', '⏳': 'in_progress',
  '⚪': 'wont_fix', '➖': 'wont_fix',
};

/** The emoji a status is written with, in the two palettes trackers use. */
const PALETTES: Record<'signs' | 'lights', Record<Status, string>> = {
  signs: { open: '⚠️', in_progress: '🚧', blocked: '⛔', resolved: '✅', wont_fix: '➖' },
  lights: { open: '🔴', in_progress: '🟡', blocked: '⛔', resolved: '🟢', wont_fix: '⚪' },
};

/** Matches one pictographic character (with an optional variation selector) at the start. */
export const LEADING_EMOJI = /^(?:\p{Extended_Pictographic}|[✓☑✔])\uFE0F?/u;

export const KNOWN_EMOJI = Object.keys(EMOJI_STATUS);

/** The status an emoji stands for, or null when it is not a status mark. */
export function statusOfEmoji(emoji: string): Status | null {
  return EMOJI_STATUS[emoji.replace(VARIATION_SELECTOR, '')] ?? null;
}

/** The emoji for `status` in the palette `current` belongs to (🔴🟡🟢 or ⚠️⛔✅). */
export function emojiFor(status: Status, current: string): string {
  const lights = ['🔴', '🟡', '🟢', '🟠', '⚪'].includes(current.replace(VARIATION_SELECTOR, ''));
  return PALETTES[lights ? 'lights' : 'signs'][status];
}

/** What a checkbox says: `[ ]` open, `[x]` done, `[-]` `[~]` `[/]` started, `[✅]` its emoji. */
export function statusOfBox(box: string): Status | null {
  const inside = box.slice(1, -1);
  if (inside === ' ') return 'open';
  if (inside === 'x' || inside === 'X') return 'resolved';
  if (inside === '-' || inside === '~' || inside === '/') return 'in_progress';
  return statusOfEmoji(inside);
}

type Language = 'en' | 'de' | 'ja' | 'zh' | 'ko' | 'ru';

/**
 * Status words by language; the first word of each list is the one edits write. "Mitigated" and
 * "partial fix" are not done: a traffic light `🟢 MITIGATED` still reads open.
 */
// prettier-ignore
const STATUS_WORDS: Record<Language, Record<Status, string[]>> = {
  en: {
    open: ['open', 'todo', 'to do', 'new', 'reopened', 'unfixed', 'not fixed', 'unresolved', 'mitigated'],
    in_progress: ['in progress', 'wip', 'ongoing', 'investigating', 'being worked on', 'partial fix', 'partially fixed', 'partial'],
    blocked: ['blocked'],
    resolved: ['fixed', 'complete', 'completed', 'resolved', 'done', 'closed'],
    wont_fix: ["won't fix", 'wontfix', 'not planned', 'rejected'],
  },
  de: {
    open: ['offen', 'neu', 'nicht behoben'],
    in_progress: ['in Arbeit', 'in Bearbeitung'],
    blocked: ['blockiert'],
    resolved: ['behoben', 'erledigt', 'gelöst', 'fertig'],
    wont_fix: ['wird nicht behoben', 'abgelehnt'],
  },
  ja: {
    open: ['未対応', '未解決', '未修正'],
    in_progress: ['対応中', '作業中', '進行中', '調査中'],
    blocked: ['ブロック中', '保留'],
    resolved: ['解決済み', '修正済み', '対応済み', '完了'],
    wont_fix: ['対応しない', '対応予定なし'],
  },
  zh: {
    open: ['未解决', '未修复', '待处理'],
    in_progress: ['进行中', '处理中', '修复中'],
    blocked: ['阻塞', '受阻'],
    resolved: ['已解决', '已修复', '已完成'],
    wont_fix: ['不修复', '不予修复'],
  },
  ko: {
    open: ['미해결', '열림'],
    in_progress: ['진행 중', '진행중', '작업 중'],
    blocked: ['차단됨', '보류'],
    resolved: ['해결됨', '수정됨', '완료'],
    wont_fix: ['수정 안 함', '수정하지 않음'],
  },
  ru: {
    open: ['открыто', 'открыт', 'открыта', 'не исправлено'],
    in_progress: ['в работе', 'в процессе'],
    blocked: ['заблокировано', 'заблокирован'],
    resolved: ['исправлено', 'решено', 'готово', 'закрыто', 'выполнено'],
    wont_fix: ['не будет исправлено', 'отклонено'],
  },
};

/** Priority words, every language in one list per priority (a heading, a column, a tag). */
// prettier-ignore
const PRIORITY_WORDS: Record<Priority, string[]> = {
  P0: ['critical', 'blocker', 'urgent', 'kritisch', 'dringend', '緊急', '致命的', '最優先', '紧急', '严重', '致命', '긴급', '치명적', 'критический', 'критично', 'срочно'],
  P1: ['high', 'hoch', '高', '高優先度', '優先度高', '高优先级', '优先级高', '높음', '높은', 'высокий', 'высокая'],
  P2: ['medium', 'normal', 'mittel', '中', '中優先度', '中优先级', '보통', '중간', 'средний', 'средняя'],
  P3: ['low', 'minor', 'someday', 'niedrig', '低', '低優先度', '低优先级', '낮음', '낮은', 'низкий', 'низкая'],
};

/** Column headers and field keys, in every language, lower case. */
// prettier-ignore
const KEYS = {
  status: ['status', 'state', 'zustand', '状態', 'ステータス', '状态', '狀態', '상태', 'статус', 'состояние'],
  priority: ['priority', 'prio', 'severity', 'sev', 'importance', 'urgency', 'priorität', 'schweregrad', '優先度', '重要度', '深刻度', '优先级', '優先級', '严重性', '严重程度', '우선순위', '심각도', '중요도', 'приоритет', 'важность', 'серьёзность', 'серьезность'],
  id: ['id', '#', 'key', 'ref', 'no', 'no.', 'nr', 'nr.', '№', '番号', '编号', '編號', '번호'],
  // In order of preference: a table with a Title and a Description column takes its title from Title.
  title: ['title', 'issue', 'problem', 'bug', 'feature', 'task', 'item', 'name', 'summary', 'description', 'titel', 'fehler', 'funktion', 'beschreibung', 'タイトル', '件名', '問題', '課題', '不具合', '機能', '概要', '内容', '标题', '问题', '功能', '描述', '제목', '문제', '이슈', '기능', '설명', 'название', 'проблема', 'заголовок', 'функция', 'описание'],
  issue: ['issue', 'github', 'tracking', 'ticket'],
  // The other keys items carry fields under: a top-level `- **Impact**: …` is a field, while
  // `- **Session leak**: fixed by …` is an item.
  field: ['owner', 'assignee', 'assigned', 'reporter', 'impact', 'area', 'component', 'module', 'affects', 'affected', 'cause', 'root cause', 'fix', 'workaround', 'details', 'notes', 'note', 'next step', 'next steps', 'action', 'action required', 'est. fix', 'estimate', 'effort', 'eta', 'found', 'discovered', 'reported', 'since', 'opened', 'fixed', 'resolved', 'closed', 'date', 'version', 'target', 'milestone', 'tags', 'labels', 'link', 'links', 'see', 'source', 'type', 'category', 'environment', 'platform', 'repro', 'steps', 'expected', 'actual', 'verantwortlich', 'auswirkung', 'ursache', 'lösung', '担当', '影響', '原因', '対応', '负责人', '影响', '원인', '영향', '담당', 'ответственный', 'влияние', 'причина'],
};

/** Matches the characters of Japanese, Chinese and Korean, which have no spaces between words. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
/** Matches the apostrophes and backticks a word may be written with (won’t, won't). */
const APOSTROPHES = /[’'`]/g;
/** Matches the spaces and dashes between the parts of a word (in progress, in-progress). */
const WORD_BREAKS = /[\s-]+/g;
/** Matches the characters a regular expression gives a meaning. */
const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A word as a key: lower case, one space between parts, no apostrophe (won’t = won't = wont). */
const normalWord = (word: string) =>
  word.toLowerCase().replace(APOSTROPHES, '').replace(WORD_BREAKS, ' ').trim();

/** The source of a regular expression matching `phrase` however it is spaced. */
function phrasePattern(phrase: string): string {
  return phrase
    .split(WORD_BREAKS)
    .map((part) => part.replace(SPECIAL, '\\$&').replace(/'/g, "['’]?")) // an apostrophe, or none
    .join('[\\s-]*');
}

/**
 * One alternation of phrases as whole words, longest first so that "not fixed" wins over
 * "fixed". Words of Japanese, Chinese and Korean have no spaces around them: they match anywhere.
 */
export function alternation(phrases: string[]): string {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  const spaced = sorted.filter((p) => !CJK.test(p)).map(phrasePattern);
  const unspaced = sorted.filter((p) => CJK.test(p)).map(phrasePattern);
  const words = spaced.length
    ? [`(?<![\\p{L}\\p{N}])(?:${spaced.join('|')})(?![\\p{L}\\p{N}])`]
    : [];
  return [...words, ...unspaced].join('|');
}

const WORD_STATUS = new Map<string, { status: Status; language: Language }>();
for (const language of Object.keys(STATUS_WORDS) as Language[])
  for (const status of Object.keys(STATUS_WORDS[language]) as Status[])
    for (const word of STATUS_WORDS[language][status])
      WORD_STATUS.set(normalWord(word), { status, language });

/** Matches any status word of any language. */
export const ANY_STATUS_WORD = alternation(
  Object.values(STATUS_WORDS).flatMap((table) => Object.values(table).flat()),
);

/** Matches a status word at the start of a Status field or cell value (after `**`, `_`, spaces). */
export const LEADING_STATUS_WORD = new RegExp(`^[\\s*_]*(${ANY_STATUS_WORD})`, 'iu');

/** Upper-case status words, as written after a title. */
const UPPER_WORDS =
  "IN PROGRESS|WON['’]?T FIX|WONTFIX|NOT FIXED|UNFIXED|MITIGATED|COMPLETED?|FIXED|RESOLVED|DONE|BLOCKED|WIP|OPEN";

/**
 * Matches upper-case status words written after a title (`- **COMPLETE**`, `— FIXED`, `<-- DONE`);
 * never the word of "was BLOCKED by", which a reopened item keeps as history.
 */
export const TRAILING_STATUS_WORD = new RegExp(
  `(?<![\\w-])(?<!\\bwas\\s+)(${UPPER_WORDS})(?![\\w-])`,
  'g',
);

/** Matches a status suffix at the end of a heading or line: ` ✅ FIXED`, ` ❌`, ` DONE`. */
export const STATUS_SUFFIX = new RegExp(
  `\\s+((?:\\p{Extended_Pictographic}|[✓✔☑])\\uFE0F?)?\\s*(${UPPER_WORDS})?\\s*$`,
  'u',
);

/** The status a word stands for, or null. */
export function statusOfWord(word: string): Status | null {
  return WORD_STATUS.get(normalWord(word))?.status ?? null;
}

/** The word for `status` in the language and letter case of `like` (OPEN, Open, open, offen). */
export function wordFor(status: Status, like: string): string {
  const known = WORD_STATUS.get(normalWord(like));
  if (known?.status === status) return like;
  const language = known?.language ?? 'en';
  const complete =
    language === 'en' && status === 'resolved' && like.toLowerCase().startsWith('complete');
  const word = complete ? 'complete' : STATUS_WORDS[language][status][0]!;
  if (like === like.toUpperCase()) return word.toUpperCase();
  if (like[0] === like[0]?.toUpperCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

/** Matches an explicit priority, P0 to P3. */
export const EXPLICIT_PRIORITY = /\bP([0-3])\b/;

/** One pattern per priority, matching its words as whole words. */
export const PRIORITY_PATTERNS = (Object.keys(PRIORITY_WORDS) as Priority[]).map(
  (priority) => [new RegExp(alternation(PRIORITY_WORDS[priority]), 'iu'), priority] as const,
);

/** The priority a heading, column or tag names: P0–P3, else a priority word (Critical → P0 … Low → P3). */
export function priorityOf(text: string): Priority | null {
  const explicit = EXPLICIT_PRIORITY.exec(text);
  if (explicit) return `P${explicit[1]}` as Priority;
  return PRIORITY_PATTERNS.find(([re]) => re.test(text))?.[1] ?? null;
}

export type KeyKind = keyof typeof KEYS;

/** Whether a field key or column header is of `kind` (status, priority, id, title, issue link). */
export function isKey(kind: KeyKind, key: string): boolean {
  return KEYS[kind].includes(key.trim().toLowerCase());
}

/**
 * Whether a field key or column header names a status (Status, State, 状態, Статус, …): the one
 * test parse, edit, lint and plan use.
 */
export const isStatusKey = (key: string): boolean => isKey('status', key);

/** Whether `key` is one of the keys items carry fields under (Status, Priority, Owner, Impact, …). */
export const isFieldKey = (key: string): boolean =>
  (['status', 'priority', 'id', 'issue', 'field'] as const).some((kind) => isKey(kind, key));

/** The index of the first column whose header is of `kind`, in the order of preference of the key list. */
export function columnOf(kind: KeyKind, headers: string[]): number {
  const lower = headers.map((h) => h.trim().toLowerCase());
  for (const key of KEYS[kind]) {
    const at = lower.indexOf(key);
    if (at >= 0) return at;
  }
  return -1;
}
