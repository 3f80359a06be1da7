/**
 * What a library hands the packager about one of its items (a task, a directive, an
 * annotation), after its own read-access check: the packager never reads the item's tables.
 */
export interface EvidenceSource {
  subject: { type: string; id: string };
  /** What the item is, for the summary's heading: e.g. { vi: 'Nhiệm vụ', en: 'Task' }. */
  kind: { vi: string; en: string };
  title: string;
  /** Label and value, in Vietnamese, for the summary's table. */
  facts: [string, string][];
  /** The item as its library shows it to the reader. */
  item: unknown;
  /** Signatures on it, oldest first, each with what it signs (e.g. 'Giao nhiệm vụ'). */
  signatures: { signatureId: string; label: string }[];
  /** Whose audit entries are its events: itself, and what belongs to it. */
  audited: { type: string; id: string }[];
}
