/**
 * What waits for a person's action (Việc cần xử lý), as each library reports its own part:
 * the groups of the home page, in the order it shows them, and one item's shape. The
 * libraries that own the items fill them (libs/agenda puts them together).
 */
export const AGENDA_GROUPS = [
  'explain',
  'acknowledge',
  'accept',
  'decide',
  'handle',
  'report',
  'follow_up',
] as const;
export type AgendaGroupName = (typeof AGENDA_GROUPS)[number];

export const AGENDA_KINDS = ['directive', 'task', 'document', 'discipline_case', 'annotation'] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export interface AgendaItem {
  group: AgendaGroupName;
  /** What it is: the browser opens it where its action is. */
  kind: AgendaKind;
  id: string;
  title: string;
  /** A number and symbol, a unit, the person who waits: what tells two items apart. */
  detail: string | null;
  dueAt: string | null;
  /** Its due time has passed: shown first. */
  overdue: boolean;
}

/** One group of a library's part: how many wait in all, and the first of them (overdue first). */
export interface AgendaPart {
  group: AgendaGroupName;
  count: number;
  items: AgendaItem[];
}

/** How many items of each group a page shows. */
export const AGENDA_ITEMS_PER_GROUP = 20;

/** Overdue first, then by due time (none last), then by title. */
export function agendaOrder(a: AgendaItem, b: AgendaItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueAt !== b.dueAt) return a.dueAt === null ? 1 : b.dueAt === null ? -1 : a.dueAt < b.dueAt ? -1 : 1;
  return a.title.localeCompare(b.title, 'vi');
}
