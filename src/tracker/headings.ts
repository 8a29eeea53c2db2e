import type { SectionKind, Status } from './schema.js';
import {
  ANY_STATUS_WORD,
  EXPLICIT_PRIORITY,
  PRIORITY_PATTERNS,
  alternation,
  statusOfWord,
} from './vocabulary.js';

// What a heading says about the section under it, and what a document's title says about the
// document: the same languages as the vocabulary.

/** Tracker names: a document titled so is a tracker, a section headed so holds issues. */
// prettier-ignore
const TRACKER_NAMES = [
  'known issues', 'known bugs', 'known problems', 'issues', 'bugs', 'problems', 'limitations', 'caveats', 'todo', 'to do', 'backlog', 'tracker', 'fixme',
  'bekannte probleme', 'bekannte fehler', 'probleme', 'einschränkungen',
  '既知の問題', '既知の不具合', '不具合', '課題', '制限事項', '已知问题', '已知問題', '问题', '限制', '待办',
  '알려진 문제', '알려진 이슈', '문제', '이슈', '제한 사항',
  'известные проблемы', 'проблемы', 'ограничения', 'ошибки',
];

/** Words a section heading may be made of besides tracker names, statuses and priorities. */
// prettier-ignore
const SECTION_WORDS = [
  'issue', 'bug', 'problem', 'blockers', 'open', 'outstanding', 'priority', 'priorities', 'known', 'active', 'current',
  'remaining', 'pending', 'recently', 'archived', 'archive', 'status', 'next', 'later', 'now', 'planned', 'upcoming',
  'other', 'misc', 'items', 'tasks', 'list', 'and', 'or', 'the', 'of', 'in', 'bekannte', 'offene', 'und',
];

/** Sections that hold no items: legends, decisions and "not bugs", links, change logs. */
// prettier-ignore
const NO_ITEMS = [
  'legend', 'status key', 'symbols', 'icons', 'conventions', 'notation', 'how to read', 'how to use', 'template',
  'not bugs', 'not a bug', 'non issues', 'non bugs', 'by design', 'intentional', 'works as intended',
  'working as intended', 'expected behaviour', 'expected behavior', 'design decisions', 'see also', 'references',
  'useful links', 'related links', 'resources', 'changelog', 'release notes',
  'legende', 'kein fehler', 'keine fehler', '凡例', '仕様', '图例', '圖例', '设计如此', '범례', 'легенда',
  'условные обозначения', 'не баги', 'не ошибки',
];

/** Fixed and outstanding sections in the other languages ("Erledigt", "既知の問題"). */
// prettier-ignore
const KIND_WORDS: Record<'fixed' | 'outstanding', string[]> = {
  fixed: ['erledigt', 'behoben', 'gelöst', '解決済み', '修正済み', '完了', '已解决', '已修复', '已完成', '해결됨', '완료', 'решено', 'исправлено', 'готово', 'закрыто'],
  outstanding: ['bekannte probleme', 'bekannte fehler', 'offen', 'offene', 'probleme', '既知の問題', '既知の不具合', '未解決', '問題', '不具合', '課題', '已知问题', '已知問題', '未解决', '问题', '알려진 문제', '알려진 이슈', '문제', '이슈', 'известные проблемы', 'проблемы', 'ошибки', 'открыто'],
};

/** Placeholders where an item would be: "Nothing open right now", "None", "N/A". */
const PLACEHOLDERS = [
  'nothing',
  'none',
  'n/a',
  'keine',
  'nichts',
  'なし',
  '特になし',
  '无',
  '暂无',
  '없음',
  'нет',
];

/** Matches a fixed section in English: "Recently Fixed", "Completed", "Done", "Archive". */
const FIXED_EN = /\b(recently\s+)?(fixed|completed?|resolved|done|closed|archived?)\b/i;
/** Matches an outstanding section in English: "Outstanding", "Open", "Known Issues", "P1", "High". */
const OUTSTANDING_EN =
  /\b(outstanding|open|active|current|known|issues?|problems?|blockers?|todo|backlog|next|P[0-3]|critical|high|medium|low|priority)\b/i;
/** Matches a fixed section in the other languages. */
const FIXED_OTHER = new RegExp(alternation(KIND_WORDS.fixed), 'iu');
/** Matches an outstanding section in the other languages. */
const OUTSTANDING_OTHER = new RegExp(alternation(KIND_WORDS.outstanding), 'iu');
/** Matches the first status word anywhere in a heading ("Recently Fixed", "Won't fix"). */
const STATUS_WORD_ANYWHERE = new RegExp(`(${ANY_STATUS_WORD})`, 'iu');
/** Matches a tracker name anywhere in a title ("Known Issues Tracker", "TODO / known problems"). */
const TRACKER_NAME = new RegExp(alternation(TRACKER_NAMES), 'iu');
/** Matches a word that names an issue section: a tracker name, a status or a priority. */
const ISSUE_SECTION = new RegExp(
  [
    alternation([
      ...TRACKER_NAMES,
      'issue',
      'bug',
      'problem',
      'blockers',
      'open',
      'outstanding',
      'priority',
      'priorities',
    ]),
    ANY_STATUS_WORD,
    EXPLICIT_PRIORITY.source,
    ...PRIORITY_PATTERNS.map(([re]) => re.source),
  ].join('|'),
  'iu',
);
/** Matches every word a section heading is made of (see `isSectionName`). */
const SECTION_WORD = new RegExp(`${ISSUE_SECTION.source}|${alternation(SECTION_WORDS)}`, 'giu');
/** Matches a parenthesis in a heading: "(Block Production)", "(2026-01-28)". */
const PARENTHESIS = /\([^)]*\)/g;
/** Matches what a section heading may carry besides words: emoji, digits, punctuation. */
const DECORATION = /\p{Extended_Pictographic}|\uFE0F|\d|[\p{P}\p{S}]/gu;
/** Matches the heading of a section that holds no items; "Key", "Links" and "Format" only alone. */
const NO_ITEMS_HEADING = new RegExp(
  `${alternation(NO_ITEMS)}|^\\s*(?:key|links|format)\\s*$`,
  'iu',
);
/** Matches a placeholder title: a placeholder word, "No open issues", or only dashes and dots. */
const PLACEHOLDER = new RegExp(
  `^(?:${alternation(PLACEHOLDERS)})|^no (?:open |known |current |outstanding )?(?:issues|items|bugs|problems|blockers)\\b|^[\\s—–.…-]*$`,
  'iu',
);

/** What a section holds, from its heading. */
export function sectionKindOf(heading: string): SectionKind {
  if (FIXED_EN.test(heading) || FIXED_OTHER.test(heading)) return 'fixed';
  if (OUTSTANDING_EN.test(heading) || OUTSTANDING_OTHER.test(heading)) return 'outstanding';
  return 'other';
}

/** The status a section's heading gives the items in it that carry no mark ("Resolved", "Won't fix"). */
export function statusOfHeading(heading: string): Status | null {
  const word = STATUS_WORD_ANYWHERE.exec(heading);
  if (word) return statusOfWord(word[1]!);
  return sectionKindOf(heading) === 'fixed' ? 'resolved' : null;
}

/** Whether a document title (or a heading) names a tracker. */
export const namesTracker = (title: string): boolean => TRACKER_NAME.test(title);

/**
 * Whether a heading only names a section ("🔴 High Priority", "Current Status", "Recently Fixed
 * (2026-01-28)"), with nothing of an item's title: an emoji heading made of these is a section.
 */
export function isSectionName(heading: string): boolean {
  const words = heading.replace(PARENTHESIS, ' ');
  if (!words.replace(DECORATION, '').trim()) return false;
  return words.replace(SECTION_WORD, ' ').replace(DECORATION, ' ').trim() === '';
}

/** Whether a section heading names issues ("Limitations", "P1", "Resolved"), so that its plain bullets are items. */
export const namesIssueSection = (heading: string): boolean =>
  isSectionName(heading) && ISSUE_SECTION.test(heading.replace(PARENTHESIS, ' '));

/** Whether a section heading says that nothing under it is an item (a legend, "not bugs"). */
export const holdsNoItems = (heading: string): boolean => NO_ITEMS_HEADING.test(heading);

/** Whether an item's title is a placeholder that says there is no item. */
export const isPlaceholder = (title: string): boolean => PLACEHOLDER.test(title.trim());
