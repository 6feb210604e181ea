/**
 * The wizard's own diff rendering of report/diff's hunks (the ones `fix --diff` prints, secrets
 * masked where they stand): one block per file, hunk headers, a line-number gutter, and `+`/`-`
 * markers that stay visible without colour.
 */
import {SecretMask, type SecretLine} from '../../core/mask.js';
import {maskedHunks} from '../../report/diff.js';
import {line, printable, seg, type Line} from './lines.js';

export interface FileChange {
  path: string;
  before: string;
  after: string;
  existed: boolean;
}

export interface DiffOptions {
  /** The lines that carry a secret (the plan's secretLines). */
  secrets: readonly SecretLine[];
  context?: number;
}

/** The rows of a diff of several files (empty when nothing changes). */
export function diffLines(files: readonly FileChange[], options: DiffOptions): Line[] {
  const out: Line[] = [];
  const mask = new SecretMask(options.secrets);
  for (const file of files) {
    const hunks = maskedHunks(file.path, file.before, file.after, mask, options.context ?? 3);
    if (hunks.length === 0) continue;
    const status = !file.existed ? ' (new file)' : file.after === '' ? ' (deleted)' : '';
    const added = hunks.reduce((n, h) => n + h.lines.filter((l) => l.mark === '+').length, 0);
    const removed = hunks.reduce((n, h) => n + h.lines.filter((l) => l.mark === '-').length, 0);
    if (out.length > 0) out.push([]);
    out.push(line(seg(`▌ ${file.path}${status}`, {bold: true, color: 'cyan'}), seg(`  +${added} -${removed}`, {dim: true})));
    const maxLine = hunks.reduce((n, h) => Math.max(n, h.oldStart + h.oldLines, h.newStart + h.newLines), 1);
    const gutter = String(maxLine).length;
    for (const hunk of hunks) {
      out.push(line(seg(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, {color: 'cyan', dim: true})));
      for (const l of hunk.lines) {
        const text = printable(l.text);
        if (l.mark === '\\') out.push(line(seg(`${' '.repeat(gutter)}   \\${l.text}`, {dim: true})));
        else if (l.mark === '+') out.push(line(seg(`${String(l.newNo).padStart(gutter)} `, {dim: true}), seg(`+ ${text}`, {color: 'green', bold: true})));
        else if (l.mark === '-') out.push(line(seg(`${String(l.oldNo).padStart(gutter)} `, {dim: true}), seg(`- ${text}`, {color: 'red'})));
        else out.push(line(seg(`${String(l.newNo).padStart(gutter)} `, {dim: true}), seg(`  ${text}`)));
      }
    }
  }
  return out;
}

