/**
 * A .gitignore matcher (the subset git documents: `*`, `**`, `?`, `[...]`, leading `/` anchors,
 * trailing `/` for folders, `!` negation, `#` comments, `\` escapes). Each rule set is anchored at
 * the folder of its .gitignore file.
 */
interface Pattern {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

export class IgnoreRules {
  private readonly patterns: Pattern[];
  /** `base` is the folder (relative, `/`-separated, '' for the root) the patterns are relative to. */
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

function compile(line: string): Pattern | null {
  let text = line.replace(/(?<!\\)\s+$/, '');
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
  const anchored = text.includes('/') && !/^\*\*\/?$/.test(text);
  if (text.startsWith('/')) text = text.slice(1);
  const body = globToRegex(text);
  const prefix = anchored ? '^' : '^(?:.*/)?';
  return {regex: new RegExp(`${prefix}${body}$`), negate, dirOnly};
}

/** Converts one gitignore/glob pattern (no leading slash) to a regex body. */
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
      const close = glob.indexOf(']', i + 1);
      if (close === -1) out += '\\[';
      else {
        let set = glob.slice(i + 1, close);
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        out += `[${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!);
    } else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/** Matches config `ignore:` globs against a path relative to the root. */
export function globMatcher(globs: readonly string[]): (path: string, isDir: boolean) => boolean {
  const rules = new IgnoreRules('', [...globs]);
  return (path, isDir) => rules.test(path, isDir) === true;
}
