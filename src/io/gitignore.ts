/**
 * Ignore patterns as git reads them (gitignore(5), matched like git's wildmatch with WM_PATHNAME):
 * `*`, `?`, `**`, bracket expressions with ranges and `[:class:]`, leading `/` anchors, trailing
 * `/` for folders, `!` negation, `#` comments, `\` escapes, trailing spaces dropped unless
 * escaped. Odd patterns mean what they mean to git instead of failing the run: a reversed range
 * `[z-a]` is its first character `z`; a pattern git's matcher aborts on (an unclosed `[`, an
 * unknown `[:class:]`, a trailing `\`) matches nothing. Each rule set is anchored at the folder of
 * its .gitignore file.
 */
interface Pattern {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

export class IgnoreRules {
  private readonly patterns: Pattern[];
  /** `base` is the folder (relative, `/`-separated, '' for the top) the patterns are relative to. */
  constructor(
    readonly base: string,
    lines: readonly string[],
  ) {
    this.patterns = lines.map(compile).filter((p): p is Pattern => p !== null);
  }

  static parse(base: string, text: string): IgnoreRules {
    return new IgnoreRules(base, text.split(/\r?\n/));
  }

  /** true: ignored; false: re-included by a `!` rule; undefined: no rule matches. */
  test(path: string, isDir: boolean): boolean | undefined {
    let rel = path;
    if (this.base) {
      if (!path.startsWith(`${this.base}/`)) return undefined;
      rel = path.slice(this.base.length + 1);
    }
    let result: boolean | undefined;
    for (const p of this.patterns) {
      if (p.dirOnly && !isDir) continue;
      if (p.regex.test(rel)) result = !p.negate;
    }
    return result;
  }
}

/** What a list of rule sets (outermost first, as git orders them) says about a path. */
export function ignoredBy(rules: readonly IgnoreRules[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    const verdict = r.test(path, isDir);
    if (verdict !== undefined) ignored = verdict;
  }
  return ignored;
}

/** Matches nothing: what git makes of a pattern its matcher aborts on. */
const NEVER = '(?!)';

function compile(line: string): Pattern | null {
  let text = trimTrailingSpaces(line);
  if (!text || text.startsWith('#')) return null;
  let negate = false;
  if (text.startsWith('!')) {
    negate = true;
    text = text.slice(1);
  } else if (text.startsWith('\\!') || text.startsWith('\\#')) {
    text = text.slice(1);
  }
  let dirOnly = false;
  if (text.endsWith('/')) {
    dirOnly = true;
    text = text.slice(0, -1);
  }
  if (!text) return null;
  const anchored = text.includes('/') && !/^\*\*\/?$/.test(text);
  if (text.startsWith('/')) text = text.slice(1);
  const body = globToRegex(text);
  const prefix = anchored ? '^' : '^(?:.*/)?';
  return {regex: new RegExp(`${prefix}${body}$`), negate, dirOnly};
}

/** git drops trailing spaces (only spaces, and not one escaped with `\`). */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') {
    let backslashes = 0;
    for (let i = end - 2; i >= 0 && line[i] === '\\'; i--) backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}

/** Converts one gitignore pattern (no leading slash, no trailing slash) to a regex body. */
export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i++;
          }
          i++;
          continue;
        }
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const bracket = parseBracket(glob, i);
      if (bracket === null) return NEVER;
      out += bracket.regex;
      i = bracket.end;
    } else if (c === '\\') {
      // A trailing backslash escapes nothing: git's matcher never matches such a pattern.
      if (i + 1 === glob.length) return NEVER;
      out += escapeRegex(glob[++i]!);
    } else out += escapeRegex(c);
  }
  return out;
}

/** The POSIX classes wildmatch knows, as JavaScript class members (ASCII, as git has them). */
const POSIX_CLASSES: Record<string, string> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

/**
 * A bracket expression starting at `glob[start] === '['`, read as git's wildmatch reads it: `!`
 * or `^` negates, a `]` first is literal, `\` escapes, `a-z` is a range (one whose end is below
 * its start matches only its start), `[:alpha:]` a class. Never matches `/`. null when git would abort
 * (no closing `]`, an unknown class): the pattern then matches nothing.
 */
function parseBracket(glob: string, start: number): {regex: string; end: number} | null {
  let i = start + 1;
  let negated = false;
  if (glob[i] === '!' || glob[i] === '^') {
    negated = true;
    i++;
  }
  const members: string[] = [];
  let first = true;
  for (;;) {
    if (i >= glob.length) return null;
    let c = glob[i]!;
    if (c === ']' && !first) break;
    first = false;
    if (c === '\\') {
      i++;
      if (i >= glob.length) return null;
      c = glob[i]!;
    } else if (c === '[' && glob[i + 1] === ':') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) return null;
      if (close - 1 >= i + 2 && glob[close - 1] === ':') {
        const name = glob.slice(i + 2, close - 1);
        const cls = POSIX_CLASSES[name];
        if (cls === undefined) return null;
        members.push(cls);
        i = close + 1;
        continue;
      }
      // No `:]`: the `[` is an ordinary member.
    }
    // A range: `-` after a member and before something other than the closing `]`.
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      let j = i + 2;
      let to = glob[j]!;
      if (to === '\\') {
        j++;
        if (j >= glob.length) return null;
        to = glob[j]!;
      }
      // git tests the first character on its own before it sees the range, so `[z-a]` is `z`.
      members.push(c <= to ? `${classChar(c)}-${classChar(to)}` : classChar(c));
      i = j + 1;
      continue;
    }
    members.push(classChar(c));
    i++;
  }
  const set = members.join('');
  if (negated) return {regex: `[^/${set}]`, end: i};
  return {regex: set ? `(?!/)[${set}]` : NEVER, end: i};
}

function classChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * Brace expansion as shells do it, for config `ignore:` globs: `k8s/*.{yaml,yml}` is the two
 * patterns `k8s/*.yaml` and `k8s/*.yml`; braces nest; a `{` without a top-level comma, or escaped
 * as `\{`, is literal. (gitignore files have no braces; git would read them literally.)
 */
export function expandBraces(pattern: string): string[] {
  for (let open = 0; open < pattern.length; open++) {
    if (pattern[open] === '\\') {
      open++;
      continue;
    }
    if (pattern[open] !== '{') continue;
    const parts: string[] = [];
    let depth = 0;
    let from = open + 1;
    for (let i = open + 1; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (c === ',' && depth === 0) {
        parts.push(pattern.slice(from, i));
        from = i + 1;
      } else if (c === '}') {
        if (parts.length === 0) break;
        parts.push(pattern.slice(from, i));
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        return parts.flatMap((part) => expandBraces(`${head}${part}${tail}`));
      }
    }
  }
  return [pattern];
}

/** Matches config `ignore:` patterns (gitignore syntax plus braces) against a path relative to their folder. */
export function globMatcher(globs: readonly string[]): (path: string, isDir: boolean) => boolean {
  const rules = new IgnoreRules('', globs.flatMap(expandBraces));
  return (path, isDir) => rules.test(path, isDir) === true;
}
