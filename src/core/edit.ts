import type {Edit} from './model.js';

/** Orders edits by position; insertions at the same offset keep their given order. */
export function compareEdits(a: Edit, b: Edit): number {
  return a.start - b.start || a.end - b.end;
}

/** True when two edits of the same file overlap or touch (closed ranges intersect). */
export function editsConflict(a: Edit, b: Edit): boolean {
  return a.file === b.file && b.start <= a.end && a.start <= b.end;
}

/** Checks that a fix's own edits are in range and do not overlap each other (a rule bug otherwise). */
export function validateEdits(edits: readonly Edit[], textOf: (file: string) => string): string | null {
  const byFile = new Map<string, Edit[]>();
  for (const e of edits) {
    const text = textOf(e.file);
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end)) || e.start < 0 || e.end < e.start || e.end > text.length) {
      return `edit [${e.start},${e.end}) is out of range for ${e.file} (length ${text.length})`;
    }
    (byFile.get(e.file) ?? byFile.set(e.file, []).get(e.file)!).push(e);
  }
  for (const [file, list] of byFile) {
    const sorted = [...list].sort(compareEdits);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (cur.start < prev.end) return `edits [${prev.start},${prev.end}) and [${cur.start},${cur.end}) overlap in ${file}`;
    }
  }
  return null;
}

/**
 * Applies non-overlapping edits of one file to its text. Edits are applied right to left so every
 * offset refers to the original text. Insertions at the same offset keep their given order.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const indexed = edits.map((e, i) => ({e, i}));
  indexed.sort((x, y) => compareEdits(x.e, y.e) || x.i - y.i);
  let out = '';
  let pos = 0;
  for (const {e} of indexed) {
    if (e.start < pos) throw new Error(`overlapping edit at ${e.start} (previous edit ends at ${pos})`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * The edits of several fixes taken into one pass, each distinct edit once: fixes asking for the
 * same replacement of the same range (a value in an anchor several services merge) make it once.
 */
export function distinctEdits(edits: readonly Edit[]): Edit[];
export function distinctEdits<T>(items: readonly T[], editOf: (item: T) => Edit): T[];
export function distinctEdits<T>(items: readonly T[], editOf: (item: T) => Edit = (item) => item as Edit): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const e = editOf(item);
    const key = `${e.file}\u0000${e.start}:${e.end}:${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
