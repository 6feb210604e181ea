import {createTwoFilesPatch} from 'diff';
import type {FilePlan, Plan} from '../core/plan.js';
import {maskSecrets} from '../knowledge/secrets.js';

/** A unified diff of one planned file (`a/`/`b/` paths, /dev/null for a created file), secrets masked. */
export function fileDiff(file: FilePlan, masks: readonly string[] = [], context = 3): string {
  const before = file.existed ? `a/${file.path}` : '/dev/null';
  const patch = createTwoFilesPatch(before, `b/${file.path}`, file.before, file.after, '', '', {context});
  // jsdiff writes an `Index:`-less header with a `===` separator line first; keep the git-like part.
  const lines = patch.split('\n');
  const start = lines.findIndex((l) => l.startsWith('--- '));
  const body = lines.slice(start).join('\n');
  return maskSecrets(body.endsWith('\n') ? body : `${body}\n`, masks);
}

/** Unified diffs of every file of a plan. */
export function planDiff(plan: Plan, context = 3): string {
  return plan.files.map((f) => fileDiff(f, plan.masks, context)).join('');
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
