/**
 * Edit helpers for Dockerfiles, shared by every D1xx rule. They turn dockerfile-ast's LSP positions
 * (0-based line + UTF-16 character) into offsets of the source text and build Edits that touch only
 * what they change:
 *
 * - new instructions are zero-width inserts at a line start, copying the indentation of the
 *   neighbouring instruction and the file's line ending (`source.eol`);
 * - replacements cover exactly the keyword, an argument, a flag or a range the rule names;
 * - nothing else is re-emitted, so `# syntax=`/`# escape=` directives, heredoc bodies, line
 *   continuations and CRLF line endings stay byte-identical.
 *
 * Stage helpers (final stage, `FROM <stage>` chains, ARG defaults) live in ./stages.ts.
 */
import type {Flag, Instruction} from 'dockerfile-ast';
import type {Edit} from '../../core/model.js';
import type {DockerfileSource} from '../../core/source.js';

/** An LSP-style position as dockerfile-ast gives it. */
export interface Position {
  line: number;
  character: number;
}

export interface LspRange {
  start: Position;
  end: Position;
}

export interface Span {
  start: number;
  end: number;
}

/** Offset of an LSP position in the source text. */
export function offsetOf(source: DockerfileSource, position: Position): number {
  return source.lines.offset(position.line, position.character);
}

/** Offsets of an LSP range in the source text. */
export function spanOf(source: DockerfileSource, range: LspRange): Span {
  return {start: offsetOf(source, range.start), end: offsetOf(source, range.end)};
}

/** The whole instruction: keyword, arguments, continuation lines and heredoc bodies. */
export function instructionSpan(source: DockerfileSource, instruction: Instruction): Span {
  return spanOf(source, instruction.getRange());
}

/** The keyword (`RUN`, `user`, …) as written. */
export function keywordSpan(source: DockerfileSource, instruction: Instruction): Span {
  return spanOf(source, instruction.getInstructionRange());
}

/** Everything after the keyword (flags excluded for COPY/ADD/RUN/FROM), or null for a bare keyword. */
export function argumentsSpan(source: DockerfileSource, instruction: Instruction): Span | null {
  const range = instruction.getArgumentsRange();
  return range ? spanOf(source, range) : null;
}

/** Each argument (flags excluded) with its value as dockerfile-ast reads it and its exact span. */
export function argumentSpans(source: DockerfileSource, instruction: Instruction): Array<Span & {value: string}> {
  return instruction.getArguments().map((a) => ({value: a.getValue(), ...spanOf(source, a.getRange())}));
}

/** The flags (`--chown=…`, `--mount=…`) of an instruction that has them. */
export function flagsOf(instruction: Instruction): Flag[] {
  const withFlags = instruction as Instruction & {getFlags?: () => Flag[]};
  return typeof withFlags.getFlags === 'function' ? withFlags.getFlags() : [];
}

/** A flag by name (`chown`, `mount`, …), case-insensitive, or null. */
export function flagOf(instruction: Instruction, name: string): Flag | null {
  return flagsOf(instruction).find((f) => f.getName().toLowerCase() === name.toLowerCase()) ?? null;
}

/** 0-based first and last line of an instruction (a heredoc's terminator line included). */
export function instructionLines(instruction: Instruction): {first: number; last: number} {
  const range = instruction.getRange();
  return {first: range.start.line, last: range.end.line};
}

/** The leading whitespace of the instruction's first line. */
export function indentOf(source: DockerfileSource, instruction: Instruction): string {
  return source.lines.indentOf(instruction.getRange().start.line);
}

/** Joins generated lines with the file's line ending, each prefixed with `indent`. */
export function renderLines(source: DockerfileSource, lines: readonly string[], indent = ''): string {
  return lines.map((l) => (l.length > 0 ? indent + l : l)).join(source.eol);
}

/**
 * Inserts whole lines (new instructions, comments) before an instruction, at the start of its first
 * line, with its indentation. A zero-width edit: the instruction's own line is not touched.
 */
export function insertLinesBefore(source: DockerfileSource, instruction: Instruction, lines: readonly string[], indent?: string): Edit {
  const at = source.lines.lineStart(commentBlockStart(source, instruction));
  const text = renderLines(source, lines, indent ?? indentOf(source, instruction)) + source.eol;
  return {file: source.path, start: at, end: at, text};
}

/**
 * The first line of the comments directly above an instruction (its own line when there are
 * none). Those comments belong to the instruction, and an ignore pragma among them applies to it,
 * so new lines go above them. Parser directives at the top of the file are not part of the block.
 */
export function commentBlockStart(source: DockerfileSource, instruction: Instruction): number {
  let line = instruction.getRange().start.line;
  while (line > 0 && /^\s*#/.test(source.lines.lineText(line - 1))) line--;
  // Leading `# syntax=` / `# escape=` / `# check=` lines must stay first.
  let directives = 0;
  while (directives < line && /^#\s*(syntax|escape|check)\s*=/i.test(source.lines.lineText(directives))) directives++;
  return Math.max(line, directives);
}

/**
 * Inserts whole lines after an instruction (after its continuation lines and heredoc bodies), with
 * its indentation. When the instruction ends the file without a final newline, the inserted text
 * starts with a line break instead and the file still ends without one.
 */
export function insertLinesAfter(source: DockerfileSource, instruction: Instruction, lines: readonly string[], indent?: string): Edit {
  return insertLinesAtLine(source, instruction.getRange().end.line + 1, lines, indent ?? indentOf(source, instruction));
}

/**
 * Inserts whole lines so that they start at 0-based `line` (== lineCount appends at the end).
 * Appending to a file without a final newline adds the break before the new lines.
 */
export function insertLinesAtLine(source: DockerfileSource, line: number, lines: readonly string[], indent = ''): Edit {
  const body = renderLines(source, lines, indent);
  const text = source.text;
  const dangling = danglingContinuation(source, line);
  if (dangling) return {file: source.path, start: dangling.start, end: dangling.end, text: source.eol + body};
  if (line >= source.lines.lineCount) {
    // After the last line. A file ending in a newline has an empty last "line"; insert before it.
    if (text.length === 0) return {file: source.path, start: 0, end: 0, text: body + source.eol};
    if (text.endsWith('\n')) return {file: source.path, start: text.length, end: text.length, text: body + source.eol};
    return {file: source.path, start: text.length, end: text.length, text: source.eol + body};
  }
  const at = source.lines.lineStart(line);
  if (at === text.length && text.length > 0 && !text.endsWith('\n')) {
    return {file: source.path, start: at, end: at, text: source.eol + body};
  }
  return {file: source.path, start: at, end: at, text: body + source.eol};
}

/**
 * The escape character (and the blanks around it) that ends the last instruction before `line`
 * when only blank and comment lines follow it up to `line`: a continuation into nothing (`RUN echo
 * hi \` at the end of the file). Docker skips blank and comment lines inside a continuation, so any
 * line inserted there would join that instruction; dropping the dangling escape first keeps its
 * meaning (nothing followed it) and ends it where it ends.
 */
function danglingContinuation(source: DockerfileSource, line: number): Span | null {
  let last = Math.min(line, source.lines.lineCount) - 1;
  while (last >= 0 && /^\s*(#.*)?$/.test(source.lines.lineText(last))) last--;
  if (last < 0) return null;
  const escape = source.dockerfile.escape;
  const content = source.lines.lineText(last);
  const match = new RegExp(`[ \\t]*${escapeRegex(escape)}[ \\t]*$`).exec(content);
  if (!match) return null;
  const start = source.lines.lineStart(last) + match.index;
  return {start, end: source.lines.lineEnd(last)};
}

/**
 * Deletes [start, end) of an instruction (a word, a flag, a property). When the span crosses
 * comment or blank lines of a continuation (Docker skips them; they are the user's), it keeps them
 * and the line structure around them: the escape that ends each continued line, the indentation.
 */
export function deleteWithin(source: DockerfileSource, start: number, end: number): Edit[] {
  const first = source.lines.position(start).line;
  const last = source.lines.position(end).line;
  let inside = false;
  for (let line = first + 1; line < last && !inside; line++) inside = /^\s*(#.*)?$/.test(source.lines.lineText(line));
  // Without a comment or blank line inside, the plain deletion joins the lines as they read.
  if (!inside) return [{file: source.path, start, end, text: ''}];
  const continued = new RegExp(`([ \\t]*)${escapeRegex(source.dockerfile.escape)}[ \\t]*$`);
  const edits: Edit[] = [];
  // Deleting up to the end of the instruction's last line ends the instruction on the first line.
  const tail = end === source.lines.lineEnd(last);
  for (let line = first; line <= last; line++) {
    const content = source.lines.lineText(line);
    const lineStart = source.lines.lineStart(line);
    if (line !== first && (line !== last || tail)) {
      // Inside the span: a line of the instruction goes whole, a comment or blank line stays.
      if (/^\s*(#.*)?$/.test(content) && line !== last) continue;
      const whole = source.lines.nextLineStart(line) > source.lines.lineEnd(line) ? {start: lineStart, end: source.lines.nextLineStart(line)} : {start: source.lines.lineEnd(line - 1), end: source.lines.lineEnd(line)};
      edits.push({file: source.path, ...whole, text: ''});
      continue;
    }
    if (line === last) {
      const from = lineStart + /^[ \t]*/.exec(content)![0].length;
      if (end > from) edits.push({file: source.path, start: from, end, text: ''});
      continue;
    }
    // The first line keeps its escape (unless the instruction now ends there), and one blank
    // before it where the deleted text had one.
    const escape = tail ? null : continued.exec(content);
    let to = source.lines.lineEnd(line);
    if (escape) to = lineStart + escape.index + (escape[1]!.length > 0 && start > lineStart && /[ \t]/.test(source.text[start - 1]!) ? escape[1]!.length : 0);
    if (to > start) edits.push({file: source.path, start, end: to, text: ''});
  }
  return edits;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** Replaces an exact span of the source text. */
export function replaceSpan(source: DockerfileSource, span: Span, text: string): Edit {
  return {file: source.path, start: span.start, end: span.end, text};
}

/** Replaces an instruction's keyword (e.g. `ADD` -> `COPY`), keeping everything else. */
export function replaceKeyword(source: DockerfileSource, instruction: Instruction, keyword: string): Edit {
  return replaceSpan(source, keywordSpan(source, instruction), keyword);
}

/**
 * Replaces an instruction's arguments (everything after the keyword and, for COPY/ADD/RUN/FROM,
 * after the flags). For a bare keyword, inserts ` text` after it.
 */
export function replaceArguments(source: DockerfileSource, instruction: Instruction, text: string): Edit {
  const span = argumentsSpan(source, instruction);
  if (span) return replaceSpan(source, span, text);
  const keyword = keywordSpan(source, instruction);
  return {file: source.path, start: keyword.end, end: keyword.end, text: ` ${text}`};
}

/**
 * Adds a flag (`--chown=10001:10001`, `--no-cache`) right after the keyword, before the existing
 * flags and arguments: `COPY src dst` -> `COPY --chown=10001:10001 src dst`.
 */
export function addFlag(source: DockerfileSource, instruction: Instruction, flag: string): Edit {
  const keyword = keywordSpan(source, instruction);
  return {file: source.path, start: keyword.end, end: keyword.end, text: ` ${flag}`};
}

/** Sets a flag's value: replaces an existing `--name=value` in place, or adds the flag. */
export function setFlag(source: DockerfileSource, instruction: Instruction, name: string, value: string): Edit {
  const existing = flagOf(instruction, name);
  if (existing) return replaceSpan(source, spanOf(source, existing.getRange()), `--${existing.getName()}=${value}`);
  return addFlag(source, instruction, `--${name}=${value}`);
}

/** Removes an instruction's whole lines (with their line breaks), e.g. `EXPOSE 22`. */
export function removeInstruction(source: DockerfileSource, instruction: Instruction): Edit[] {
  const {first, last} = instructionLines(instruction);
  const start = source.lines.lineStart(first);
  let end = source.lines.nextLineStart(last);
  if (end === source.text.length && !source.text.endsWith('\n') && start > 0) {
    // Last line without a final newline: take the break before it instead.
    return keepingComments(source, source.lines.lineEnd(first - 1), end, first, last, 'before');
  }
  return keepingComments(source, start, end, first, last, 'after');
}

/**
 * Deletes [start, end) — whole lines `first`..`last` — except the comment lines among them (a
 * comment inside an instruction's continuation belongs to the user, not to the instruction). Each
 * kept comment line keeps the line break after it (`after`) or before it (`before`, when the span
 * starts at the break before `first`).
 */
function keepingComments(source: DockerfileSource, start: number, end: number, first: number, last: number, breakSide: 'before' | 'after'): Edit[] {
  const heredoc = /<<-?["']?[A-Za-z_]/.test(source.lines.lineText(first));
  const kept: Span[] = [];
  for (let line = first + 1; line <= last && !heredoc; line++) {
    if (!/^[ \t]*#/.test(source.lines.lineText(line))) continue;
    kept.push(breakSide === 'after' ? {start: source.lines.lineStart(line), end: source.lines.nextLineStart(line)} : {start: source.lines.lineEnd(line - 1), end: source.lines.lineEnd(line)});
  }
  const edits: Edit[] = [];
  let pos = start;
  for (const k of kept) {
    if (k.start > pos) edits.push({file: source.path, start: pos, end: k.start, text: ''});
    pos = k.end;
  }
  if (end > pos) edits.push({file: source.path, start: pos, end, text: ''});
  return edits;
}

/** The line-continuation sequence for generated multi-line instructions (`\` or the `# escape=` char). */
export function continuation(source: DockerfileSource): string {
  return ` ${source.dockerfile.escape}`;
}

/**
 * Renders a RUN instruction over several lines joined with `&&` and the file's escape character:
 * `RUN a \` / `    && b`. Returns the lines (without line endings) for insertLines*.
 */
export function runLines(source: DockerfileSource, commands: readonly string[], keyword = 'RUN'): string[] {
  if (commands.length === 0) return [];
  const cont = continuation(source);
  return commands.map((c, i) => {
    const head = i === 0 ? `${keyword} ${c}` : `    && ${c}`;
    return i < commands.length - 1 ? head + cont : head;
  });
}

/** The instruction's keyword in the case the file uses (`user` in a lower-case Dockerfile). */
export function keywordCase(source: DockerfileSource, keyword: string): string {
  const instructions = source.dockerfile.ast.getInstructions();
  if (instructions.length === 0) return keyword.toUpperCase();
  const lower = instructions.filter((i) => {
    const raw = i.getInstruction();
    return raw === raw.toLowerCase();
  }).length;
  return lower > instructions.length / 2 ? keyword.toLowerCase() : keyword.toUpperCase();
}
