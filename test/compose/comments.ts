import {parseAllDocuments, visit, isScalar} from 'yaml';
import type {Edit} from '../../src/core/model.js';

/** The `#` comments of a YAML text (ignoring `#` inside scalars), trimmed. */
export function comments(text: string): string[] {
  const out: string[] = [];
  // Mask the inside of every scalar so a `#` in a value is not counted.
  let masked = text;
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Scalar(_, node) {
        if (isScalar(node) && node.range) {
          const [s, e] = node.range;
          masked = masked.slice(0, s) + ' '.repeat(e - s) + masked.slice(e);
        }
      },
    });
  }
  for (const line of masked.split(/\r?\n/)) {
    const i = line.indexOf('#');
    if (i >= 0) out.push(line.slice(i).trim());
  }
  return out;
}

/**
 * Comments of `before` that are missing from `after`, except same-line comments of lines a fix
 * removed on purpose (a removed key takes its trailing comment with it).
 */
export function commentsLost(before: string, after: string, _edits: readonly Edit[]): string[] {
  const remaining = [...comments(after)];
  const lost: string[] = [];
  const removedLines = new Set(before.split(/\r?\n/).filter((l) => !after.split(/\r?\n/).includes(l)));
  for (const c of comments(before)) {
    const i = remaining.indexOf(c);
    if (i >= 0) remaining.splice(i, 1);
    else if (![...removedLines].some((l) => l.includes(c) && !l.trim().startsWith('#'))) lost.push(c);
  }
  return lost;
}
