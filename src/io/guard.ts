import {createHash} from 'node:crypto';
import {chmod, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, rmdir, stat, unlink} from 'node:fs/promises';
import {basename, dirname, isAbsolute, join, relative, resolve, sep} from 'node:path';

/**
 * The one gate every write and delete of shipshape goes through. The rules it keeps:
 * - the real path (symlinks resolved) of whatever is written or removed is inside the repository
 *   root, and never inside `.git` (hooks run code) or, for the user's files, `.shipshape`;
 * - a symlink is never opened for writing: a user file reached through a link that stays inside the
 *   root is written at its real path (the link itself is kept, as a link); a link that leads out of
 *   the root is refused; shipshape's own state (`.shipshape/...`) must have no link on its path;
 * - files are replaced by rename from a temp file in the same folder, after a compare-and-swap check
 *   made immediately before the rename;
 * - every failure is one line naming the path (`WriteError`), never a stack trace.
 */

/** A write that could not be done; its message is one line that names the path. */
export class WriteError extends Error {}

/** The folder that keeps shipshape's backups, journal and lock. */
export const STATE_DIR = '.shipshape';

/** A user file shipshape may write: where it really is, and what is there now. */
export interface Target {
  /** Absolute real path (no symlink on it). */
  real: string;
  /** Relative to the root, `/`-separated. */
  rel: string;
  /** Folders to create before writing, outermost first, relative to the root. */
  missingDirs: string[];
  /** The symlink the path went through (relative to the root), when it did. */
  via: string | null;
}

/** The bytes and permission bits of a regular file, or null when there is none. */
export interface Current {
  bytes: Buffer;
  mode: number;
}

export type Resolution = Target | {refused: string};

const TEMP_PATTERN = /^\..*\.shipshape-\d+-\d+\.tmp$/;
let tempCounter = 0;

/** The name of a temp file beside `name`; `isTempName` recognises it (also one a killed run left). */
export function tempName(name: string): string {
  return `.${name.slice(0, 100)}.shipshape-${process.pid}-${++tempCounter}.tmp`;
}

export function isTempName(name: string): boolean {
  return TEMP_PATTERN.test(name);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class Guard {
  private constructor(
    /** The root as given (absolute), for display. */
    readonly given: string,
    /** The root's real path. */
    readonly root: string,
    readonly cwd: string,
  ) {}

  static async open(root: string, cwd: string): Promise<Guard> {
    const given = resolve(cwd, root);
    try {
      return new Guard(given, await realpath(given), cwd);
    } catch (error) {
      throw new WriteError(`${displayOf(given, cwd)}: ${describe(error)}`);
    }
  }

  /** A path relative to the root as the user sees it (relative to the working directory). */
  show(rel: string): string {
    return displayOf(join(this.given, rel), this.cwd);
  }

  /** The root-relative form of a path, or null when it is not below the root. */
  relOf(absolute: string): string | null {
    for (const base of [this.given, this.root]) {
      const rel = relative(base, absolute);
      if (rel !== '' && !isAbsolute(rel) && rel.split(sep)[0] !== '..') return rel.split(sep).join('/');
    }
    return null;
  }

  /**
   * Where the user file at `absolute` can be written, or why it cannot. Symlinks on the path are
   * followed only while they stay inside the root.
   */
  async resolveFile(absolute: string): Promise<Resolution> {
    const rel = this.relOf(absolute);
    if (rel === null) return {refused: `outside ${this.show('.')}, the folder being fixed`};
    const parts = rel.split('/');
    let cur = this.root;
    let via: string | null = null;
    for (let i = 0; i < parts.length; i++) {
      const next = join(cur, parts[i]!);
      const last = i === parts.length - 1;
      let info = await lstatOrNull(next);
      if (info === null) {
        const missingDirs: string[] = [];
        for (let j = i; j < parts.length - 1; j++) missingDirs.push(this.relReal(join(cur, ...parts.slice(i, j + 1))));
        return this.checked({real: join(cur, ...parts.slice(i)), rel: '', missingDirs, via});
      }
      if (info.isSymbolicLink()) {
        const linkRel = this.relReal(next);
        let target: string;
        try {
          target = await realpath(next);
        } catch {
          return {refused: `${this.show(linkRel)} is a broken symlink`};
        }
        if (!inside(this.root, target)) return {refused: `${this.show(linkRel)} is a symlink to ${target}, outside the repository; shipshape does not write through it`};
        via ??= linkRel;
        info = await stat(target);
        cur = target;
      } else {
        cur = next;
      }
      if (!last && !info.isDirectory()) return {refused: `${this.show(this.relReal(cur))} is not a folder`};
      if (last && info.isDirectory()) return {refused: 'is a folder on disk'};
      if (last && !info.isFile()) return {refused: 'is not a regular file (a pipe, socket or device)'};
    }
    return this.checked({real: cur, rel: '', missingDirs: [], via});
  }

  private checked(target: Target): Resolution {
    const rel = this.relReal(target.real);
    const parts = rel.split('/');
    if (parts.includes('.git')) return {refused: `${target.via ? `leads (through the symlink ${this.show(target.via)}) ` : 'is '}inside .git; shipshape never writes there`};
    if (parts[0] === STATE_DIR) return {refused: `${target.via ? `leads (through the symlink ${this.show(target.via)}) ` : 'is '}inside ${STATE_DIR}, shipshape's backups`};
    return {...target, rel};
  }

  /**
   * The real path of a file or folder of shipshape's own state (`rel` starts with `.shipshape`).
   * No symlink may be on its path: the backups hold the originals, secrets included.
   */
  async statePath(rel: string): Promise<string> {
    let cur = this.root;
    for (const part of rel.split('/')) {
      cur = join(cur, part);
      const info = await lstatOrNull(cur);
      if (info === null) break;
      if (info.isSymbolicLink()) {
        const target = await realpath(cur).catch(() => '(nothing: a broken link)');
        throw new WriteError(`${this.show(this.relReal(cur))} is a symlink to ${target}; shipshape keeps its backups only in a real folder inside the repository (remove the link)`);
      }
    }
    return join(this.root, ...rel.split('/'));
  }

  /** Creates the state folder `rel` (and its parents inside `.shipshape`); returns those it created. */
  async stateDir(rel: string): Promise<string[]> {
    await this.statePath(rel);
    const created: string[] = [];
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/');
      if (await this.makeDir(sub)) created.push(sub);
    }
    return created;
  }

  /** mkdir of one folder below the root; false when a real folder is already there. */
  async makeDir(rel: string, mode?: number): Promise<boolean> {
    const path = join(this.root, ...rel.split('/'));
    try {
      await mkdir(path);
      // chmod, not mkdir's mode: the umask must not narrow bits asked for on purpose.
      if (mode !== undefined) await chmod(path, mode);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        const info = await lstat(path);
        if (info.isDirectory()) return false;
        throw new WriteError(`${this.show(rel)}: ${info.isSymbolicLink() ? 'is a symlink' : 'is not a folder'}; not written`);
      }
      throw new WriteError(`${this.show(rel)}: cannot create the folder: ${describe(error)}`);
    }
  }

  /** Removes a folder below the root when it is empty and a real folder; true when removed. */
  async removeDirIfEmpty(rel: string): Promise<boolean> {
    const path = join(this.root, ...rel.split('/'));
    const info = await lstatOrNull(path);
    if (!info?.isDirectory()) return false;
    return rmdir(path).then(
      () => true,
      () => false,
    );
  }

  /** Whether a state file or folder exists (a symlink on its path throws). */
  async exists(rel: string): Promise<boolean> {
    return (await lstatOrNull(await this.statePath(rel))) !== null;
  }

  /** Renames a state folder (a backup that was undone), never over an existing one. */
  async renameState(from: string, to: string): Promise<void> {
    const source = await this.statePath(from);
    let target = to;
    for (let n = 2; await this.exists(target); n++) target = `${to}-${n}`;
    await rename(source, await this.statePath(target)).catch((error: unknown) => {
      throw new WriteError(`${this.show(from)}: cannot rename: ${describe(error)}`);
    });
  }

  /** Removes a state folder and everything in it (a backup). */
  async removeStateTree(rel: string): Promise<void> {
    const path = await this.statePath(rel);
    await rm(path, {recursive: true, force: true}).catch((error: unknown) => {
      throw new WriteError(`${this.show(rel)}: cannot remove: ${describe(error)}`);
    });
  }

  /** The content of a regular file at a real path (null when there is none; a link is refused). */
  async read(real: string): Promise<Current | null> {
    const info = await lstatOrNull(real);
    if (info === null) return null;
    if (info.isSymbolicLink()) throw new WriteError(`${this.show(this.relReal(real))}: became a symlink during the run; not written`);
    if (!info.isFile()) throw new WriteError(`${this.show(this.relReal(real))}: is not a regular file; not written`);
    try {
      return {bytes: await readFile(real), mode: info.mode & 0o7777};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new WriteError(`${this.show(this.relReal(real))}: cannot read: ${describe(error)}`);
    }
  }

  /**
   * Replaces (or creates) the file at a real path: a temp file beside it is written and fsynced,
   * then `expect` is asked about the file's current content immediately before the rename. Returns
   * false (and leaves the file alone) when `expect` says the file changed.
   */
  async replace(real: string, bytes: Uint8Array, mode: number, expect: (current: Current | null) => boolean): Promise<boolean> {
    const rel = this.relReal(real);
    const temp = join(dirname(real), tempName(basename(real)));
    try {
      const handle = await open(temp, 'wx', mode);
      try {
        await handle.writeFile(bytes);
        await handle.chmod(mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new WriteError(`${this.show(rel)}: cannot write: ${describe(error)}`);
    }
    try {
      // The folder must still be where it was checked (no symlink swapped in on the way).
      if ((await realpath(dirname(real))) !== dirname(real)) throw new WriteError(`${this.show(rel)}: its folder was replaced during the run; not written`);
      if (!expect(await this.read(real))) {
        await unlink(temp);
        return false;
      }
      await rename(temp, real);
      return true;
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      if (error instanceof WriteError) throw error;
      throw new WriteError(`${this.show(rel)}: cannot write: ${describe(error)}`);
    }
  }

  /** Deletes the file at a real path when `expect` accepts its current content. */
  async removeFile(real: string, expect: (current: Current | null) => boolean): Promise<boolean> {
    const current = await this.read(real);
    if (current === null) return true;
    if (!expect(current)) return false;
    await unlink(real).catch((error: unknown) => {
      throw new WriteError(`${this.show(this.relReal(real))}: cannot remove: ${describe(error)}`);
    });
    return true;
  }

  /** Removes temp files a killed run left in the given folders (relative to the root). */
  async removeStaleTemps(dirs: Iterable<string>): Promise<number> {
    let removed = 0;
    for (const rel of new Set(dirs)) {
      const dir = join(this.root, ...rel.split('/').filter((p) => p !== '' && p !== '.'));
      if ((await realpath(dir).catch(() => null)) !== dir) continue;
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names.filter(isTempName)) {
        const info = await lstatOrNull(join(dir, name));
        if (info?.isFile() && (await unlink(join(dir, name)).then(() => true, () => false))) removed++;
      }
    }
    return removed;
  }

  /** fsyncs folders so the renames in them survive a power loss. */
  async syncDirs(reals: Iterable<string>): Promise<void> {
    for (const dir of new Set(reals)) {
      const handle = await open(dir, 'r').catch(() => null);
      if (!handle) continue;
      await handle.sync().catch(() => undefined);
      await handle.close();
    }
  }

  /** Relative to the real root, `/`-separated. */
  relReal(real: string): string {
    const rel = relative(this.root, real);
    return (rel === '' ? '.' : rel).split(sep).join('/');
  }
}

/** A root-relative path from an untrusted place (a journal): no `..`, nothing absolute, no empty part. */
export function isPlainRelative(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path.includes('\0') || path.includes('\\')) return false;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new WriteError(`${path}: ${describe(error)}`);
  }
}

function displayOf(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** An fs error in a few words: "permission denied (EACCES)". */
export function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code})`;
    case 'EROFS':
      return 'read-only file system (EROFS)';
    case 'ENOSPC':
      return 'no space left on the device (ENOSPC)';
    case 'EDQUOT':
      return 'disk quota exceeded (EDQUOT)';
    case 'ENOENT':
      return 'no such file or folder (ENOENT)';
    default:
      return e?.code ?? (e?.message ?? String(error)).split('\n')[0]!;
  }
}
