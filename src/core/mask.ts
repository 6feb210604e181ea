/**
 * Secrets bound to where they stand. A secret is masked on the lines that carry it as the secret
 * (the line of the finding, the secret file a fix creates, the `.env` line it appends) and nowhere
 * else: a password `sentry` leaves `b/sentry/Dockerfile`, `<<: *sentry_defaults` and every other
 * line alone. Lines are matched by their text, so a line keeps its mask when fixes move it.
 */

/** One line of `file` that carries `value` as a secret; `line` null: every line of the file (a secret file). */
export interface SecretLine {
  file: string;
  line: string | null;
  value: string;
}

/** What a finding says about a secret: its value, and optionally where it stands (default: the finding's own range). */
export type SecretRef = string | {value: string; file?: string; start: number; end: number};

/** The mask shown instead of a secret: fixed length, so not even the size leaks. */
export const MASK = '********';

/**
 * The parts of a value that stand on one line each: the value itself, or for a multi-line value
 * (a PEM key in a block scalar) each of its lines, without the indentation YAML adds.
 */
export function valuePieces(value: string): string[] {
  const lines = value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  return lines.length <= 1 ? (value.length > 0 ? [value] : []) : lines;
}

/** The lines of `text` overlapping [start, end) that hold a piece of `value`. */
export function secretLinesIn(file: string, text: string, start: number, end: number, value: string): SecretLine[] {
  const out: SecretLine[] = [];
  const pieces = valuePieces(value);
  if (pieces.length === 0) return out;
  let lineStart = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
  if (start === 0) lineStart = 0;
  while (lineStart <= text.length && (lineStart <= start || lineStart < end)) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    const content = stripCr(text.slice(lineStart, lineEnd));
    for (const piece of pieces) if (content.includes(piece)) out.push({file, line: content, value: piece});
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  return out;
}

/** The secret lines of text a fix inserts (`file` created: every line of it holds the secret). */
export function secretLinesOfInsert(file: string, inserted: string, value: string, created: boolean): SecretLine[] {
  const pieces = valuePieces(value);
  if (created) return pieces.map((piece) => ({file, line: null, value: piece}));
  const out: SecretLine[] = [];
  for (const raw of inserted.split('\n')) {
    const content = stripCr(raw);
    for (const piece of pieces) if (content.includes(piece)) out.push({file, line: content, value: piece});
  }
  return out;
}

/** Masks the secrets of the lines it knows, by file and line text; every other line is returned as it is. */
export class SecretMask {
  private readonly byFile = new Map<string, {lines: Map<string, string[]>; whole: string[]}>();

  constructor(lines: readonly SecretLine[] = []) {
    for (const l of lines) this.add(l);
  }

  add(l: SecretLine): void {
    if (l.value === '') return;
    const entry = this.byFile.get(l.file) ?? this.byFile.set(l.file, {lines: new Map(), whole: []}).get(l.file)!;
    if (l.line === null) entry.whole.push(l.value);
    else (entry.lines.get(l.line) ?? entry.lines.set(l.line, []).get(l.line)!).push(l.value);
  }

  /** True when the line (without its line end) carries a secret of `file`. */
  holds(file: string, line: string): boolean {
    return this.valuesOn(file, line).length > 0;
  }

  /** The line with each secret it carries replaced by the mask. */
  line(file: string, line: string): string {
    let out = line;
    for (const value of this.valuesOn(file, line)) out = out.split(value).join(MASK);
    return out;
  }

  /** A whole text of `file`, line by line (line ends kept). */
  text(file: string, text: string): string {
    if (!this.byFile.has(file)) return text;
    return text
      .split('\n')
      .map((raw) => (raw.endsWith('\r') ? `${this.line(file, raw.slice(0, -1))}\r` : this.line(file, raw)))
      .join('\n');
  }

  private valuesOn(file: string, line: string): string[] {
    const entry = this.byFile.get(file);
    if (!entry) return [];
    const content = stripCr(line);
    const values = [...(entry.lines.get(content) ?? []), ...entry.whole.filter((v) => content.includes(v))];
    return values.sort((a, b) => b.length - a.length);
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
