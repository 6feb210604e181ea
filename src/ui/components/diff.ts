/**
 * The wizard's own diff rendering on top of jsdiff's structuredPatch: one block per file, hunk
 * headers, a line-number gutter, and `+`/`-` markers that stay visible without colour. Secret
 * values are masked in both texts before diffing, so no row can show one.
 */
import {structuredPatch} from 'diff';
import {maskSecrets} from '../../knowledge/secrets.js';
import {line, printable, seg, type Line} from './lines.js';

export interface FileChange {
  path: string;
  before: string;
  after: string;
  existed: boolean;
}

export interface DiffOptions {
  masks: readonly string[];
  context?: number;
}

/** The rows of a diff of several files (empty when nothing changes). */
export function diffLines(files: readonly FileChange[], options: DiffOptions): Line[] {
  const out: Line[] = [];
  for (const file of files) {
    const before = maskSecrets(file.before, options.masks);
    const after = maskSecrets(file.after, options.masks);
    if (before === after) continue;
    const patch = structuredPatch(file.path, file.path, before, after, '', '', {context: options.context ?? 3});
    const status = !file.existed ? ' (new file)' : after === '' ? ' (deleted)' : '';
    const added = patch.hunks.reduce((n, h) => n + h.lines.filter((l) => l.startsWith('+')).length, 0);
    const removed = patch.hunks.reduce((n, h) => n + h.lines.filter((l) => l.startsWith('-')).length, 0);
    if (out.length > 0) out.push([]);
    out.push(line(seg(`▌ ${file.path}${status}`, {bold: true, color: 'cyan'}), seg(`  +${added} -${removed}`, {dim: true})));
    const maxLine = patch.hunks.reduce((n, h) => Math.max(n, h.oldStart + h.oldLines, h.newStart + h.newLines), 1);
    const gutter = String(maxLine).length;
    for (const hunk of patch.hunks) {
      out.push(line(seg(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, {color: 'cyan', dim: true})));
      let oldNo = hunk.oldStart;
      let newNo = hunk.newStart;
      for (const raw of hunk.lines) {
        const mark = raw[0];
        const text = printable(raw.slice(1));
        if (mark === '\\') {
          out.push(line(seg(`${' '.repeat(gutter)}   ${raw}`, {dim: true})));
          continue;
        }
        if (mark === '+') {
          out.push(line(seg(`${String(newNo).padStart(gutter)} `, {dim: true}), seg(`+ ${text}`, {color: 'green', bold: true})));
          newNo++;
        } else if (mark === '-') {
          out.push(line(seg(`${String(oldNo).padStart(gutter)} `, {dim: true}), seg(`- ${text}`, {color: 'red'})));
          oldNo++;
        } else {
          out.push(line(seg(`${String(newNo).padStart(gutter)} `, {dim: true}), seg(`  ${text}`)));
          oldNo++;
          newNo++;
        }
      }
    }
  }
  return out;
}

