/**
 * Lines a change moved or reformatted outside its edits, found by comparing a file before and
 * after (shared by scripts/check-moved-lines.mjs and the test battery; not shipped).
 *
 *   movedLines(before, after) -> {moved: [{from, to, text}], reformatted: [{from, to, text, now}]}
 *
 * moved: a line removed and written back verbatim (indentation included) in the same block;
 * reformatted: a removed line whose words come back with other spacing or quoting.
 */
import {diffLines} from 'diff';

/**
 * Lines removed and added by the change of one file: each with its line number, and for a removed
 * line the line of the new file it was removed before (`at`).
 */
function changedLines(before, after) {
  const removed = [];
  const added = [];
  let oldLine = 1;
  let newLine = 1;
  const lf = (text) => text.replace(/\r\n/g, '\n');
  for (const part of diffLines(lf(before), lf(after), {ignoreNewlineAtEof: true})) {
    const lines = part.value.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const text of lines) {
      if (part.removed) removed.push({line: oldLine++, at: newLine, text: text.replace(/\r$/, '')});
      else if (part.added) added.push({line: newLine++, text: text.replace(/\r$/, '')});
      else {
        oldLine++;
        newLine++;
      }
    }
  }
  return {removed, added};
}

const words = (text) => text.replace(/["']/g, '').replace(/\s+/g, ' ').trim();
const indentOf = (text) => /^[ \t-]*/.exec(text)[0].length;

/**
 * True when the new file's lines between where a line was removed and where it came back are all
 * inside the same block (none is indented less): the same key in another YAML mapping (a
 * `cap_add:` removed from one service, another added to the next) is not a move.
 */
function sameBlock(lines, at, to, text) {
  const indent = indentOf(text);
  for (let i = Math.min(at, to); i < Math.max(at, to) - 1; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (indentOf(line) < indent) return false;
  }
  return true;
}

/** Removed lines that come back verbatim (moved) or with other spacing/quotes (reformatted). */
export function movedLines(before, after) {
  const {removed, added} = changedLines(before, after);
  const lines = after.split(/\r?\n/);
  const exact = new Map();
  const loose = new Map();
  // Lines of punctuation alone (`]`, `},`) are not content: a JSON edit moves closing brackets.
  const content = (text) => /[A-Za-z0-9]/.test(text);
  for (const a of added) {
    if (!content(a.text)) continue;
    (exact.get(a.text) ?? exact.set(a.text, []).get(a.text)).push(a);
    (loose.get(words(a.text)) ?? loose.set(words(a.text), []).get(words(a.text))).push(a);
  }
  const moved = [];
  const reformatted = [];
  for (const r of removed) {
    if (!content(r.text)) continue;
    const pick = (candidates) => {
      const i = (candidates ?? []).findIndex((a) => sameBlock(lines, r.at, a.line, r.text));
      return i === -1 ? null : candidates.splice(i, 1)[0];
    };
    const same = pick(exact.get(r.text));
    if (same) {
      moved.push({from: r.line, to: same.line, text: r.text});
      continue;
    }
    const like = pick(loose.get(words(r.text)));
    if (like) reformatted.push({from: r.line, to: like.line, text: r.text, now: like.text});
  }
  return {moved, reformatted};
}
