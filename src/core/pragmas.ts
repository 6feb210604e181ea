import type {Edit, Fix} from './model.js';
import type {Source} from './source.js';

/** An inline suppression comment found in a file. */
export interface Pragma {
  /** `shipshape` pragmas can be reported unused; peers' pragmas are honoured silently. */
  tool: 'shipshape' | 'hadolint' | 'checkov' | 'trivy';
  /** Rule ids as written: `D101` for shipshape, `DL3002` for hadolint, … */
  ids: string[];
  fileWide: boolean;
  /** 0-based line of the comment. */
  line: number;
  /** 0-based line whose findings it suppresses (unless file-wide). */
  target: number;
  /** Offsets of the comment text (from `#` to the end of the line). */
  start: number;
  end: number;
  /** True when the comment is alone on its line. */
  ownLine: boolean;
}

const SHIPSHAPE = /#\s*shipshape-ignore(-file)?\b((?:[\s,]+[A-Za-z]\d{3}\b)+)/;
const HADOLINT = /#\s*hadolint\s+(global\s+)?ignore=([A-Za-z0-9_,\s]+)/;
const CHECKOV = /#\s*checkov:skip=([A-Za-z0-9_]+)/;
const TRIVY = /#\s*trivy:ignore:([A-Za-z0-9_-]+)/;

/** Finds the pragmas of a file. A comment alone on its line applies to the next line with content. */
export function findPragmas(source: Source): Pragma[] {
  const {lines} = source;
  const pragmas: Pragma[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const hash = text.indexOf('#');
    if (hash === -1) continue;
    const found = matchPragma(text, source.kind === 'dockerfile');
    if (!found) continue;
    const commentAt = found.index;
    const ownLine = text.slice(0, commentAt).trim() === '';
    let target = line;
    if (ownLine) {
      target = line + 1;
      while (target < lines.lineCount && /^\s*(#.*)?$/.test(lines.lineText(target))) target++;
    }
    const lineStart = lines.lineStart(line);
    pragmas.push({
      tool: found.tool,
      ids: found.ids,
      fileWide: found.fileWide,
      line,
      target,
      start: lineStart + commentAt,
      end: lines.lineEnd(line),
      ownLine,
    });
  }
  return pragmas;
}

function matchPragma(text: string, dockerfile: boolean): {tool: Pragma['tool']; ids: string[]; fileWide: boolean; index: number} | null {
  let m = SHIPSHAPE.exec(text);
  if (m && isCommentStart(text, m.index)) {
    return {tool: 'shipshape', ids: m[2]!.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()), fileWide: Boolean(m[1]), index: m.index};
  }
  m = HADOLINT.exec(text);
  if (m && isCommentStart(text, m.index)) {
    return {tool: 'hadolint', ids: m[2]!.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()), fileWide: Boolean(m[1]), index: m.index};
  }
  m = CHECKOV.exec(text);
  if (m && isCommentStart(text, m.index)) {
    // Checkov reads its Dockerfile skip comments anywhere in the file, for the whole file.
    return {tool: 'checkov', ids: [m[1]!.toUpperCase()], fileWide: dockerfile, index: m.index};
  }
  m = TRIVY.exec(text);
  if (m && isCommentStart(text, m.index)) {
    return {tool: 'trivy', ids: [m[1]!.toUpperCase()], fileWide: false, index: m.index};
  }
  return null;
}

function isCommentStart(text: string, index: number): boolean {
  return index === 0 || /\s/.test(text[index - 1]!);
}

/** The ids a pragma of a given tool must name to suppress a rule (through its references). */
export function pragmaIdsFor(ruleId: string, references: readonly string[], tool: Pragma['tool']): string[] {
  if (tool === 'shipshape') return [ruleId];
  const ids: string[] = [];
  for (const ref of references) {
    const colon = ref.indexOf(':');
    const refTool = ref.slice(0, colon);
    const id = ref.slice(colon + 1).toUpperCase();
    if (refTool === tool) ids.push(id);
    if (tool === 'trivy' && refTool === 'trivy') ids.push(id.replace(/^AVD-/, ''), `AVD-${id.replace(/^AVD-/, '')}`);
  }
  return ids;
}

/**
 * The edit that writes `# shipshape-ignore RULE -- reason` on its own line before the given line,
 * with that line's indentation (the wizard's "ignore here").
 */
export function ignorePragmaFix(source: Source, ruleId: string, line0: number, reason = 'reviewed with shipshape'): Fix {
  const {lines} = source;
  const indent = lines.indentOf(line0);
  const text = `${indent}# shipshape-ignore ${ruleId} -- ${reason}${source.eol}`;
  const edit: Edit = {file: source.path, start: lines.lineStart(line0), end: lines.lineStart(line0), text};
  return {title: `Ignore ${ruleId} here (inline pragma)`, safety: 'safe', params: [], edits: () => [edit]};
}

/** The edit that removes a pragma: the whole line when it is alone there, else the comment. */
export function removePragmaEdit(source: Source, pragma: Pragma): Edit {
  const {lines} = source;
  if (pragma.ownLine) {
    return {file: source.path, start: lines.lineStart(pragma.line), end: lines.nextLineStart(pragma.line), text: ''};
  }
  let start = pragma.start;
  while (start > 0 && (source.text[start - 1] === ' ' || source.text[start - 1] === '\t')) start--;
  return {file: source.path, start, end: pragma.end, text: ''};
}
