import type {EOL} from './model.js';

export const BOM = '\uFEFF';

/**
 * Splits a file's raw text into its BOM and the text rules and edits work on. Every leading BOM
 * goes (a file saved twice by a BOM-adding tool has two): one left in the text would count as a
 * column of the first line, and YAML indentation measured from it came out one space wide.
 */
export function stripBom(raw: string): {text: string; bom: string} {
  let n = 0;
  while (raw.startsWith(BOM, n)) n += BOM.length;
  return {text: raw.slice(n), bom: raw.slice(0, n)};
}

/** The line ending a file mostly uses (CRLF when any line ends in CRLF and most do). */
export function detectEol(text: string): EOL {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Offsets of line starts; `\r\n` counts as one break. */
export class LineIndex {
  readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  /** 0-based line and character (UTF-16) to offset. */
  offset(line: number, character: number): number {
    const start = this.starts[Math.min(Math.max(line, 0), this.starts.length - 1)]!;
    return Math.min(start + character, this.text.length);
  }
  /** Offset to 0-based line and character. */
  position(offset: number): {line: number; character: number} {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return {line: lo, character: offset - this.starts[lo]!};
  }
  lineStart(line: number): number {
    return this.starts[line]!;
  }
  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next - 1;
    if (end > 0 && this.text[end - 1] === '\r') end--;
    return end;
  }
  /** Start of the next line (or the end of the text). */
  nextLineStart(line: number): number {
    return this.starts[line + 1] ?? this.text.length;
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
  /** The leading whitespace of a line. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }
}

/** Rewrites the `\n` line breaks of a generated fragment to the file's line ending. */
export function withEol(fragment: string, eol: EOL): string {
  return eol === '\n' ? fragment : fragment.replace(/\r?\n/g, '\r\n');
}

/** A short, stable hash (FNV-1a 64 as hex) of a text, for stale-content checks and fingerprints. */
export function hashText(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0') + text.length.toString(16);
}

/** Offset of the start of the line that holds `offset`. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** 0-based column of `offset` in its line. */
export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** End of the content of the line at `offset` (before `\r\n`/`\n`). */
export function lineEndAt(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  if (nl > 0 && text[nl - 1] === '\r') nl--;
  return nl;
}

/** The start of the line after the one at `offset`, or -1 on the last line. */
export function nextLineStartAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? -1 : nl + 1;
}

/** Width of the leading blanks of the line at `offset`. */
export function indentAt(text: string, offset: number): number {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEndAt(text, start)))![0].length;
}
