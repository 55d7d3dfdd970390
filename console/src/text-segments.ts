// Splits untrusted text into plain pieces and marked pieces, to render each as a text node:
// highlighting never builds HTML out of content.

export interface Mark<T> {
  start: number;
  end: number;
  value: T;
}

export type Segment<T> = { text: string; mark: null } | { text: string; mark: T };

/**
 * The text cut at the marks' offsets (clamped to the text; marks sorted by start; a mark that overlaps
 * an earlier one is shortened to begin where that one ends, and dropped if nothing is left).
 */
export function segmentText<T>(text: string, marks: readonly Mark<T>[]): Segment<T>[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start || a.end - b.end);
  const segments: Segment<T>[] = [];
  let cursor = 0;
  for (const mark of sorted) {
    const start = Math.max(cursor, Math.min(Math.max(0, mark.start), text.length));
    const end = Math.min(Math.max(0, mark.end), text.length);
    if (end <= start) continue;
    if (start > cursor) segments.push({ text: text.slice(cursor, start), mark: null });
    segments.push({ text: text.slice(start, end), mark: mark.value });
    cursor = end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), mark: null });
  return segments;
}
