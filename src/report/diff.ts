import {structuredPatch} from 'diff';
import type {FilePlan, Plan} from '../core/plan.js';
import {SecretMask} from '../core/mask.js';

/** One line of a hunk: its mark, its text (line end removed) and its numbers in the old and the new file. */
export interface HunkLine {
  mark: ' ' | '+' | '-' | '\\';
  text: string;
  oldNo: number;
  newNo: number;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: HunkLine[];
}

/**
 * The hunks of one file's change, secrets masked where they stand: a changed line that carries one
 * shows the mask; an unchanged line that carries one is left out of the context (the hunk stops
 * before it or is split around it), so `git apply` still takes the diff. Only where a change
 * touches such a line from above (a hunk without trailing context must end the file for git) is it
 * shown, masked. Every other line is shown as it is: paths, names and lines that merely contain
 * the same word are never masked. Every diff shipshape shows (fix --diff, the wizard) comes from here.
 */
export function maskedHunks(path: string, before: string, after: string, mask: SecretMask, context = 3): Hunk[] {
  const patch = structuredPatch(path, path, before, after, '', '', {context});
  const out: Hunk[] = [];
  for (const hunk of patch.hunks) {
    const lines = numbered(hunk.lines, hunk.oldStart, hunk.newStart);
    const secret = lines.map((l) => l.mark === ' ' && mask.holds(path, l.text));
    let from = 0;
    while (from < lines.length) {
      let to = from;
      while (to < lines.length && !secret[to]) to++;
      // [from, to) holds no secret context line; `to` is one or the hunk's end.
      let end = to;
      const segment = lines.slice(from, to);
      if (segment.some((l) => l.mark === '+' || l.mark === '-')) {
        if (to < lines.length && trailingContext(segment) === 0) end = to + 1;
        out.push(toHunk(lines.slice(from, end).map((l) => (l.mark === '\\' ? l : {...l, text: mask.line(path, l.text)}))));
      }
      from = Math.max(end, to + 1);
    }
  }
  return out;
}

function numbered(raw: readonly string[], oldStart: number, newStart: number): HunkLine[] {
  // jsdiff numbers an empty side by the line that follows it; toHunk writes git's (-0,0 for a new file).
  let oldNo = oldStart;
  let newNo = newStart;
  return raw.map((r) => {
    const mark = r[0] as HunkLine['mark'];
    const l = {mark, text: r.slice(1), oldNo, newNo};
    if (mark === ' ' || mark === '-') oldNo++;
    if (mark === ' ' || mark === '+') newNo++;
    return l;
  });
}

function trailingContext(lines: readonly HunkLine[]): number {
  let n = 0;
  for (let i = lines.length - 1; i >= 0 && lines[i]!.mark !== '+' && lines[i]!.mark !== '-'; i--) if (lines[i]!.mark === ' ') n++;
  return n;
}

function toHunk(lines: HunkLine[]): Hunk {
  const first = lines[0]!;
  const oldLines = lines.filter((l) => l.mark === ' ' || l.mark === '-').length;
  const newLines = lines.filter((l) => l.mark === ' ' || l.mark === '+').length;
  return {oldStart: oldLines === 0 ? first.oldNo - 1 : first.oldNo, oldLines, newStart: newLines === 0 ? first.newNo - 1 : first.newNo, newLines, lines};
}

/** A unified diff of one planned file (`a/`/`b/` paths, /dev/null for a created file), secrets masked where they stand. */
export function fileDiff(file: FilePlan, mask: SecretMask = new SecretMask(), context = 3): string {
  const hunks = maskedHunks(file.path, file.before, file.after, mask, context);
  if (hunks.length === 0) return '';
  const out = [`--- ${file.existed ? `a/${file.path}` : '/dev/null'}`, `+++ b/${file.path}`];
  for (const h of hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) out.push(`${l.mark}${l.text}`);
  }
  return `${out.join('\n')}\n`;
}

/** Unified diffs of every file of a plan. */
export function planDiff(plan: Plan, context = 3): string {
  const mask = new SecretMask(plan.secretLines);
  return plan.files.map((f) => fileDiff(f, mask, context)).join('');
}

export interface ColorFns {
  added(s: string): string;
  removed(s: string): string;
  hunk(s: string): string;
  header(s: string): string;
}

/** Colours a unified diff for a terminal (only the prefixes' meaning; the text stays as it is). */
export function colorDiff(diff: string, c: ColorFns): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return c.header(line);
      if (line.startsWith('@@')) return c.hunk(line);
      if (line.startsWith('+')) return c.added(line);
      if (line.startsWith('-')) return c.removed(line);
      return line;
    })
    .join('\n');
}
