/**
 * The temporary copy verify builds and starts: the user's folder copied once (without `.git` and
 * shipshape's own `.shipshape/`), then, per start, the texts of one plan written over it and the
 * texts of the previous plan put back. Nothing here touches the user's folder but to read it.
 */
import {chmod, cp, lstat, mkdir, mkdtemp, readFile, rm, rmdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {basename, dirname, join, relative, sep} from 'node:path';
import type {FilePlan} from '../core/plan.js';
import {BOM} from '../core/text.js';

const LEFT_OUT = new Set(['.git', '.shipshape']);

export class Workspace {
  /** Original bytes of every file a plan wrote (null: the plan created it). */
  private readonly originals = new Map<string, Buffer | null>();
  private readonly createdDirs = new Set<string>();

  private constructor(
    /** The temporary folder holding everything. */
    readonly base: string,
    /** The copy of the user's folder. */
    readonly dir: string,
    /** Files verify writes for itself (Compose overrides), outside every build context. */
    readonly scratch: string,
  ) {}

  static async create(source: string): Promise<Workspace> {
    const base = await mkdtemp(join(tmpdir(), 'shipshape-verify-'));
    const dir = join(base, basename(source) || 'project');
    const scratch = join(base, '.verify');
    try {
      await cp(source, dir, {
        recursive: true,
        verbatimSymlinks: true,
        filter: async (from) => {
          const rel = relative(source, from);
          if (rel !== '' && !rel.includes(sep) && LEFT_OUT.has(rel)) return false;
          const info = await lstat(from);
          return info.isFile() || info.isDirectory() || info.isSymbolicLink();
        },
      });
      await mkdir(scratch);
    } catch (error) {
      await rm(base, {recursive: true, force: true});
      throw error;
    }
    return new Workspace(base, dir, scratch);
  }

  /** Puts back what the last plan changed, then writes this plan's texts (null: the original). */
  async apply(files: readonly FilePlan[] | null): Promise<void> {
    for (const [path, bytes] of this.originals) {
      const absolute = join(this.dir, path);
      if (bytes) await writeFile(absolute, bytes);
      else await rm(absolute, {force: true});
    }
    for (const d of [...this.createdDirs].sort((a, b) => b.length - a.length)) await rmdir(d).catch(() => undefined);
    this.createdDirs.clear();
    for (const file of files ?? []) {
      const absolute = join(this.dir, file.path);
      if (!this.originals.has(file.path)) this.originals.set(file.path, file.existed ? await readFile(absolute) : null);
      const original = this.originals.get(file.path)!;
      if (!original) {
        const made: string[] = [];
        for (let d = dirname(absolute); d.startsWith(this.dir + sep) && !(await exists(d)); d = dirname(d)) made.unshift(d);
        for (const d of made) {
          await mkdir(d);
          if (file.dirMode !== undefined) await chmod(d, file.dirMode);
          this.createdDirs.add(d);
        }
      }
      const bom = original !== null && original.subarray(0, 3).equals(Buffer.from(BOM, 'utf8'));
      await writeFile(absolute, (bom ? BOM : '') + file.after);
      if (!original) await chmod(absolute, file.mode ?? 0o644);
    }
  }

  async remove(): Promise<void> {
    await rm(this.base, {recursive: true, force: true});
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
