/**
 * Where a file holds shell commands, as mapped texts (each character with its source offset): a
 * whole shell script, the recipe lines of a Makefile, the Exec lines of a systemd unit, the shell
 * code blocks of a Markdown document, the `run:` steps of GitHub Actions and the `script:` lists
 * of GitLab CI, and the usage notes in a Dockerfile's comments (`# docker run -d … image`).
 * `editable` says whether a fix may rewrite the region: Markdown examples and Dockerfile comments
 * are documentation, checked, not fixed, and YAML scalars whose text is not the source text (escapes, folding) are
 * read only.
 */
import {isMap, isScalar, isSeq, Scalar, type Node} from 'yaml';
import type {Source, YamlSource} from '../../core/source.js';
import {plainText, type MappedText} from '../dockerfile/shell.js';
import {mayHoldUsageNotes} from './usage-notes.js';

export type RegionContext = 'shell' | 'make' | 'systemd' | 'markdown' | 'ci' | 'comment';

export interface Region {
  mapped: MappedText;
  context: RegionContext;
  editable: boolean;
}

/** The kind of command file a path names, or null. */
export function commandFileKind(path: string): Exclude<RegionContext, 'ci' | 'comment'> | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^(GNU)?[Mm]akefile$|\.mk$/.test(base)) return 'make';
  if (/\.(service|socket|timer)$/.test(base)) return 'systemd';
  if (/\.(md|markdown)$/i.test(base)) return 'markdown';
  if (/\.(sh|bash|ksh|zsh)$/.test(base) || base === 'entrypoint' || base === 'docker-entrypoint') return 'shell';
  return null;
}

export function regionsOf(source: Source): Region[] {
  if (source.kind === 'dockerfile') return commentRegions(source.text);
  if (source.kind === 'compose' || source.kind === 'kubernetes') return [];
  if (source.kind === 'ci') return ciRegions(source);
  const text = source.text;
  switch (commandFileKind(source.path)) {
    case 'make':
      return makeRegions(text);
    case 'systemd':
      return systemdRegions(text);
    case 'markdown':
      return markdownRegions(text);
    default:
      return [{mapped: plainText(text, 0, text.length), context: 'shell', editable: true}];
  }
}

/** Lines with their offsets (the line break not included). */
function lines(text: string): Array<{start: number; end: number; text: string}> {
  const out: Array<{start: number; end: number; text: string}> = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    out.push({start, end: lineEnd, text: text.slice(start, lineEnd)});
    if (end === text.length) break;
    start = end + 1;
  }
  return out;
}

/** Joins mapped pieces with a newline between them (each line keeps its own offsets). */
function joinPieces(pieces: ReadonlyArray<{text: string; start: number}>, endOffset: number): MappedText {
  let text = '';
  const map: number[] = [];
  for (const piece of pieces) {
    for (let i = 0; i < piece.text.length; i++) {
      text += piece.text[i];
      map.push(piece.start + i);
    }
    text += '\n';
    map.push(piece.start + piece.text.length);
  }
  return {text, map, endOffset};
}

/** Recipe lines (a tab first), with their continuation lines; make's `@`, `-`, `+` prefixes dropped. */
function makeRegions(text: string): Region[] {
  const out: Region[] = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (!line.text.startsWith('\t')) continue;
    const pieces: Array<{text: string; start: number}> = [];
    let first = true;
    for (;;) {
      const current = all[i]!;
      let skip = first ? 1 : 0;
      if (first) while (/[@+\- ]/.test(current.text[skip] ?? '')) skip++;
      pieces.push({text: current.text.slice(skip), start: current.start + skip});
      first = false;
      if (!current.text.endsWith('\\') || i + 1 >= all.length) break;
      i++;
    }
    out.push({mapped: joinPieces(pieces, all[i]!.end), context: 'make', editable: true});
  }
  return out;
}

const EXEC_KEYS = /^(ExecStart|ExecStartPre|ExecStartPost|ExecStop|ExecStopPost|ExecReload|ExecCondition)=/;

/** The values of a systemd unit's Exec*= lines (prefixes `-@:+!` dropped), with their continuations. */
function systemdRegions(text: string): Region[] {
  const out: Region[] = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const key = EXEC_KEYS.exec(line.text.trimStart());
    if (!key) continue;
    const indent = line.text.length - line.text.trimStart().length;
    let skip = indent + key[0].length;
    while (/[-@:+!]/.test(line.text[skip] ?? '')) skip++;
    const pieces = [{text: line.text.slice(skip), start: line.start + skip}];
    while (all[i]!.text.endsWith('\\') && i + 1 < all.length) {
      i++;
      pieces.push({text: all[i]!.text, start: all[i]!.start});
    }
    out.push({mapped: joinPieces(pieces, all[i]!.end), context: 'systemd', editable: true});
  }
  return out;
}

const SHELL_LANGS = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'ksh', 'console', 'shell-session', 'shellsession', 'terminal', 'makefile', 'make']);

/** Fenced code blocks in a shell language (or none); in console blocks only `$ ` lines and their continuations. */
function markdownRegions(text: string): Region[] {
  const out: Region[] = [];
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(all[i]!.text);
    if (!open) continue;
    const fence = open[2]!;
    const lang = open[3]!.toLowerCase();
    const body: typeof all = [];
    let j = i + 1;
    while (j < all.length && !all[j]!.text.trimStart().startsWith(fence)) body.push(all[j++]!);
    i = j;
    if (!SHELL_LANGS.has(lang)) continue;
    const console = lang === 'console' || lang === 'shell-session' || lang === 'shellsession' || lang === 'terminal';
    const pieces: Array<{text: string; start: number}> = [];
    let continued = false;
    for (const line of body) {
      const prompt = /^\s*[$%] /.exec(line.text);
      if (console && !prompt && !continued) continue;
      const skip = prompt && (console || !continued) ? prompt[0].length : 0;
      pieces.push({text: line.text.slice(skip), start: line.start + skip});
      continued = line.text.endsWith('\\');
    }
    if (pieces.length > 0) out.push({mapped: joinPieces(pieces, body.at(-1)?.end ?? all[i - 1]!.end), context: 'markdown', editable: false});
  }
  return out;
}

/**
 * The usage notes in a Dockerfile's comments: a comment line that starts with a container command
 * (`# docker run -d \`, `# $ sudo podman run …`) and the comment lines its continuations join
 * (`#\t--name x \`, `#\tjess/x`), each with the `#`, the blank after it and a prompt left out. A
 * note after a continuation (`--net host \ # may as well`) is left out too, so the continuation
 * still joins the next line, as the author's own scripts read these notes. Prose that mentions
 * a command (`# then docker run it with -d`) starts none: the comment must begin with it.
 */
function commentRegions(text: string): Region[] {
  if (!mayHoldUsageNotes(text)) return [];
  const out: Region[] = [];
  const all = lines(text);
  const body = (line: {text: string; start: number}) => {
    const comment = /^\s*#[ \t]*(?:[$%][ \t]+)?/.exec(line.text);
    if (!comment) return null;
    let rest = line.text.slice(comment[0].length);
    const note = /\\[ \t]+#.*$/.exec(rest);
    if (note) rest = rest.slice(0, note.index + 1);
    return {text: rest, start: line.start + comment[0].length};
  };
  for (let i = 0; i < all.length; i++) {
    const first = body(all[i]!);
    if (!first || !/^(sudo[ \t]+)?(docker|podman)[ \t]+(run|create|container|service)\b/.test(first.text)) continue;
    const pieces = [first];
    while (pieces.at(-1)!.text.trimEnd().endsWith('\\') && i + 1 < all.length) {
      const next = body(all[i + 1]!);
      if (!next) break;
      pieces.push(next);
      i++;
    }
    out.push({mapped: joinPieces(pieces, all[i]!.end), context: 'comment', editable: false});
  }
  return out;
}

/** GitHub Actions `run:` steps and GitLab CI `script:`-style lists, wherever they sit in the file. */
function ciRegions(source: YamlSource): Region[] {
  const out: Region[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      const shell = node.items.find((p) => isScalar(p.key) && p.key.value === 'shell');
      const nonPosix = shell && isScalar(shell.value) && /pwsh|powershell|cmd|python/.test(String(shell.value.value));
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (key === 'run' && isScalar(pair.value) && !nonPosix) out.push(scalarRegion(source.text, pair.value));
        else if (/^(script|before_script|after_script)$/.test(key) && (isSeq(pair.value) || isScalar(pair.value))) {
          const items = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const item of items) if (isScalar(item) && typeof item.value === 'string') out.push(scalarRegion(source.text, item));
        } else visit(pair.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, depth + 1);
    }
  };
  for (const doc of source.docs) visit(doc.contents, 0);
  return out;
}

/** A YAML scalar's shell text mapped to the source: exact for plain, single-quoted and literal block scalars. */
function scalarRegion(text: string, node: Scalar): Region {
  const [start, valueEnd] = (node as Node).range ?? [0, 0];
  const value = String(node.value);
  if (node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_SINGLE) {
    const raw = text.slice(start, valueEnd);
    const inner = node.type === Scalar.QUOTE_SINGLE ? raw.slice(1, -1) : raw;
    if (!inner.includes("''") && !/\n/.test(inner) && inner === value) {
      return {mapped: plainText(text, start + (node.type === Scalar.QUOTE_SINGLE ? 1 : 0), start + (node.type === Scalar.QUOTE_SINGLE ? 1 : 0) + inner.length), context: 'ci', editable: true};
    }
  }
  if (node.type === Scalar.BLOCK_LITERAL) {
    const body = text.slice(start, valueEnd);
    const headerEnd = body.indexOf('\n');
    if (headerEnd !== -1) {
      const content = lines(text.slice(0, valueEnd)).filter((l) => l.start > start + headerEnd);
      const indent = Math.min(...content.filter((l) => l.text.trim() !== '').map((l) => l.text.length - l.text.trimStart().length));
      const pieces = content.map((l) => ({text: l.text.slice(Math.min(indent, l.text.length)), start: l.start + Math.min(indent, l.text.length)}));
      const mapped = joinPieces(pieces, valueEnd);
      if (mapped.text.replace(/\n+$/, '') === value.replace(/\n+$/, '')) return {mapped, context: 'ci', editable: true};
    }
  }
  // Escapes or folding: the value is not the source text; read it, report at the scalar, never edit.
  return {mapped: {text: value, map: Array.from({length: value.length}, () => start), endOffset: valueEnd}, context: 'ci', editable: false};
}
