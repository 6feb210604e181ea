/**
 * The ignore files git applies to a folder it did not start from: the repository's
 * `info/exclude`, then every .gitignore from the repository root down. (The user's global
 * excludes file is left out on purpose: a check gives the same result on every machine.)
 */
import {readFile, stat} from 'node:fs/promises';
import {dirname, join, relative, resolve, sep} from 'node:path';
import {IgnoreRules, ignoredBy} from './gitignore.js';

export interface InheritedIgnores {
  /** The folder the rules' paths are relative to: the repository root, or the folder itself outside a repository. */
  base: string;
  /** Outermost first, as git orders them. */
  rules: IgnoreRules[];
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function readOptional(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

/** The top of the git work tree `dir` is in, and its git folder; null outside a repository. */
export async function findRepository(dir: string): Promise<{root: string; gitDir: string} | null> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const dotGit = join(current, '.git');
    if (await isFolder(dotGit)) return {root: current, gitDir: dotGit};
    // A worktree or submodule: `.git` is a file saying `gitdir: <path>`.
    const pointer = await stat(dotGit).then((s) => s.isFile(), () => false) ? await readOptional(dotGit) : null;
    const target = pointer?.match(/^gitdir:\s*(.+?)\s*$/m)?.[1];
    if (target) return {root: current, gitDir: resolve(current, target)};
    if (dirname(current) === current) return null;
  }
}

/** `info/exclude` lives in the common git folder, which a linked worktree names in `commondir`. */
async function excludeFile(gitDir: string): Promise<string> {
  const common = (await readOptional(join(gitDir, 'commondir')))?.trim();
  return join(common ? resolve(gitDir, common) : gitDir, 'info', 'exclude');
}

/** The relative, `/`-separated form of `path` under `base` ('' for base itself). */
export function slashRelative(base: string, path: string): string {
  return relative(base, path).split(sep).join('/');
}

/**
 * The rules git applies inside `dir` that come from above it: info/exclude and the .gitignore
 * files of the repository root and each folder down to dir's parent. dir's own .gitignore is the
 * walk's to read, as are those below it.
 */
export async function inheritedIgnores(dir: string): Promise<InheritedIgnores> {
  const absolute = resolve(dir);
  const repo = await findRepository(absolute);
  if (!repo) return {base: absolute, rules: []};
  const rules: IgnoreRules[] = [];
  const exclude = await readOptional(await excludeFile(repo.gitDir));
  if (exclude !== null) rules.push(IgnoreRules.parse('', exclude));
  const steps = slashRelative(repo.root, absolute).split('/').filter(Boolean);
  for (let depth = 0; depth < steps.length; depth++) {
    const folder = steps.slice(0, depth).join('/');
    const text = await readOptional(join(repo.root, folder, '.gitignore'));
    if (text !== null) rules.push(IgnoreRules.parse(folder, text));
  }
  return {base: repo.root, rules};
}

/**
 * Whether git ignores a path, or a folder it is in (git never looks inside an ignored folder, so
 * nothing in it can be re-included). For paths named on the command line with --force-exclude.
 */
export async function ignoredByGit(path: string, isDir: boolean): Promise<boolean> {
  const absolute = resolve(path);
  const repo = await findRepository(isDir ? absolute : dirname(absolute));
  if (!repo) return false;
  const {base, rules} = await inheritedIgnores(repo.root);
  const steps = slashRelative(base, absolute).split('/').filter(Boolean);
  for (let depth = 0; depth < steps.length; depth++) {
    const folder = steps.slice(0, depth).join('/');
    const text = await readOptional(join(base, folder, '.gitignore'));
    if (text !== null) rules.push(IgnoreRules.parse(folder, text));
    const last = depth === steps.length - 1;
    if (ignoredBy(rules, steps.slice(0, depth + 1).join('/'), last ? isDir : true)) return true;
  }
  return false;
}
