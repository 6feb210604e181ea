import {chmod, mkdir, open, readFile, readdir, rename, rm, rmdir, stat, writeFile} from 'node:fs/promises';
import {dirname, join, relative, resolve, sep} from 'node:path';
import type {Plan} from '../core/plan.js';
import {BOM, hashText} from '../core/text.js';
import {decode} from './discover.js';
import {withStateDirLine} from './state-ignore.js';

export const STATE_DIR = '.shipshape';
export const BACKUP_DIR = `${STATE_DIR}/backup`;

export interface WriteOptions {
  /** The folder whose `.shipshape/backup/` keeps the originals (the folder being hardened). */
  root: string;
  /** Plan paths are relative to this folder. */
  cwd?: string;
  now?: Date;
}

export interface WriteResult {
  written: string[];
  backupDir: string | null;
  refused: Array<{path: string; reason: string}>;
}

interface JournalEntry {
  /** Relative to the root, `/`-separated. */
  path: string;
  existed: boolean;
  mode: number;
  /** Hash of the text we wrote (BOM removed), to refuse undoing over later edits. */
  afterHash: string;
}

interface Journal {
  version: 1;
  createdAt: string;
  entries: JournalEntry[];
  /** Folders the write created (removed again by undo when empty). */
  createdDirs: string[];
  complete: boolean;
}

interface PendingFile {
  absolute: string;
  rel: string;
  display: string;
  existed: boolean;
  originalBytes: Buffer | null;
  mode: number;
  /** Permission bits for the folders created for a new file. */
  dirMode?: number;
  bytes: Buffer;
  afterText: string;
}

export class WriteError extends Error {}

/**
 * Writes a plan: each file is checked against the content it was planned from, its original is
 * copied to `.shipshape/backup/<timestamp>/`, and it is replaced atomically (temp file in the same
 * folder, fsync, rename) keeping its mode and BOM. If any write fails, the files already written
 * are restored, so nothing is ever half-written.
 */
export async function writePlan(plan: Pick<Plan, 'files'>, options: WriteOptions): Promise<WriteResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root);
  const refused: WriteResult['refused'] = [];
  const pending: PendingFile[] = [];
  for (const file of plan.files) {
    const absolute = resolve(cwd, file.path);
    const current = await readIfExists(absolute);
    if (current?.folder) {
      refused.push({path: file.path, reason: 'is a folder on disk'});
      continue;
    }
    if (file.existed) {
      if (current === null) {
        refused.push({path: file.path, reason: 'deleted since the scan'});
        continue;
      }
      const decoded = decode(current.bytes);
      if ('error' in decoded || hashText(decoded.text) !== file.beforeHash) {
        refused.push({path: file.path, reason: 'changed on disk since the scan'});
        continue;
      }
      const bytes = Buffer.from((decoded.bom ? BOM : '') + file.after, 'utf8');
      pending.push({absolute, rel: relPath(root, absolute), display: file.path, existed: true, originalBytes: current.bytes, mode: current.mode, bytes, afterText: file.after});
    } else {
      if (current !== null) {
        refused.push({path: file.path, reason: 'created on disk since the scan'});
        continue;
      }
      pending.push({absolute, rel: relPath(root, absolute), display: file.path, existed: false, originalBytes: null, mode: file.mode ?? 0o644, ...(file.dirMode !== undefined ? {dirMode: file.dirMode} : {}), bytes: Buffer.from(file.after, 'utf8'), afterText: file.after});
    }
  }
  if (pending.length === 0) return {written: [], backupDir: null, refused};

  await addStateDirToGitignore(root, cwd, pending);

  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  let backupDir = join(root, BACKUP_DIR, stamp);
  for (let n = 2; await exists(backupDir); n++) backupDir = join(root, BACKUP_DIR, `${stamp}-${n}`);
  const journal: Journal = {
    version: 1,
    createdAt: (options.now ?? new Date()).toISOString(),
    entries: pending.map((p) => ({path: p.rel, existed: p.existed, mode: p.mode, afterHash: hashText(p.afterText)})),
    createdDirs: [],
    complete: false,
  };
  await mkdir(join(backupDir, 'files'), {recursive: true});
  // The backups never show up in git, even after undo restores a .gitignore without `.shipshape/`.
  const selfIgnore = join(root, STATE_DIR, '.gitignore');
  if (!(await exists(selfIgnore))) await writeFile(selfIgnore, '# shipshape backups (shipshape undo)\n*\n');
  for (const p of pending) {
    if (!p.originalBytes) continue;
    const copy = join(backupDir, 'files', backupName(p.rel));
    await mkdir(dirname(copy), {recursive: true});
    await writeFile(copy, p.originalBytes, {mode: 0o600});
  }
  await writeJson(join(backupDir, 'journal.json'), journal);

  const done: PendingFile[] = [];
  try {
    for (const p of pending) {
      journal.createdDirs.push(...(await makeParents(root, dirname(p.absolute), p.dirMode)));
      await atomicWrite(p.absolute, p.bytes, p.mode);
      done.push(p);
    }
  } catch (error) {
    await rollBack(done, journal.createdDirs.map((d) => join(root, d)));
    await rm(backupDir, {recursive: true, force: true});
    const failed = pending[done.length]!;
    throw new WriteError(`${failed.display}: could not write (${(error as Error).message.split('\n')[0]}); nothing was changed`);
  }
  journal.complete = true;
  await writeJson(join(backupDir, 'journal.json'), journal);
  return {written: pending.map((p) => p.display), backupDir: relPath(cwd, backupDir), refused};
}

async function rollBack(done: readonly PendingFile[], createdDirs: readonly string[]): Promise<void> {
  for (const p of [...done].reverse()) {
    if (p.originalBytes) await atomicWrite(p.absolute, p.originalBytes, p.mode).catch(() => undefined);
    else await rm(p.absolute, {force: true}).catch(() => undefined);
  }
  for (const dir of [...createdDirs].reverse()) await rmdir(dir).catch(() => undefined);
}

/** Writes bytes to a temp file beside the target, fsyncs it, sets the mode and renames it over the target. */
export async function atomicWrite(target: string, bytes: Uint8Array, mode: number): Promise<void> {
  const temp = join(dirname(target), `.${target.slice(dirname(target).length + 1)}.shipshape-${process.pid}-${Date.now()}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, {force: true});
    throw error;
  }
}

/** Adds `.shipshape/` to the root's .gitignore (as part of the same journaled write). */
async function addStateDirToGitignore(root: string, cwd: string, pending: PendingFile[]): Promise<void> {
  const path = join(root, '.gitignore');
  const existing = pending.find((p) => p.absolute === path);
  const current = existing ? {bytes: existing.bytes, mode: existing.mode} : await readIfExists(path);
  if (current === null && !(await exists(join(root, '.git')))) return;
  const text = current ? current.bytes.toString('utf8') : '';
  // Callers that show the plan first (fix --diff, the wizard) put the line in it: then this is a no-op.
  const after = withStateDirLine(text);
  if (after === null) return;
  if (existing) {
    existing.bytes = Buffer.from(after, 'utf8');
    existing.afterText = after.replace(/^\uFEFF/, '');
    return;
  }
  pending.push({
    absolute: path,
    rel: '.gitignore',
    display: relPath(cwd, path),
    existed: current !== null,
    originalBytes: current ? current.bytes : null,
    mode: current ? current.mode : 0o644,
    bytes: Buffer.from(after, 'utf8'),
    afterText: after.replace(/^\uFEFF/, ''),
  });
}

export interface UndoResult {
  restored: string[];
  refused: Array<{path: string; reason: string}>;
  backupDir: string | null;
}

/** Restores the files of the last write under `root` (refusing files edited since, unless forced). */
export async function undoLastWrite(root: string, options: {force?: boolean; cwd?: string} = {}): Promise<UndoResult> {
  const cwd = options.cwd ?? process.cwd();
  const absRoot = resolve(cwd, root);
  const base = join(absRoot, BACKUP_DIR);
  let stamps: string[];
  try {
    stamps = (await readdir(base)).filter((d) => !d.endsWith('.undone')).sort();
  } catch {
    stamps = [];
  }
  let journal: Journal | null = null;
  let dir = '';
  while (stamps.length > 0) {
    dir = join(base, stamps.pop()!);
    try {
      const parsed = JSON.parse(await readFile(join(dir, 'journal.json'), 'utf8')) as Journal;
      if (parsed.version === 1) {
        journal = parsed;
        break;
      }
    } catch {
      // An unreadable journal (an interrupted write): try the one before.
    }
  }
  if (!journal) return {restored: [], refused: [], backupDir: null};
  const restored: string[] = [];
  const refused: UndoResult['refused'] = [];
  for (const entry of journal.entries) {
    const absolute = join(absRoot, entry.path);
    const display = relPath(cwd, absolute);
    const current = await readIfExists(absolute);
    const currentText = current ? decode(current.bytes) : null;
    const unchanged = currentText !== null && 'text' in currentText && hashText(currentText.text) === entry.afterHash;
    if (!unchanged && !options.force && journal.complete) {
      refused.push({path: display, reason: current === null ? 'deleted since shipshape wrote it' : 'edited since shipshape wrote it (use --force to restore anyway)'});
      continue;
    }
    if (entry.existed) {
      const original = await readFile(join(dir, 'files', backupName(entry.path)));
      await mkdir(dirname(absolute), {recursive: true});
      await atomicWrite(absolute, original, entry.mode);
    } else {
      await rm(absolute, {force: true});
    }
    restored.push(display);
  }
  for (const created of [...journal.createdDirs].reverse()) await rmdir(join(absRoot, created)).catch(() => undefined);
  if (refused.length === 0) await rename(dir, `${dir}.undone`);
  return {restored, refused, backupDir: relPath(cwd, dir)};
}

async function makeParents(root: string, dir: string, mode?: number): Promise<string[]> {
  const missing: string[] = [];
  for (let d = dir; !(await exists(d)); d = dirname(d)) missing.unshift(d);
  for (const d of missing) {
    await mkdir(d);
    if (mode !== undefined) await chmod(d, mode);
  }
  return missing.map((d) => relPath(root, d));
}

async function readIfExists(path: string): Promise<{bytes: Buffer; mode: number; folder?: boolean} | null> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return {bytes: Buffer.alloc(0), mode: info.mode & 0o7777, folder: true};
    return {bytes: await readFile(path), mode: info.mode & 0o7777};
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function writeJson(path: string, data: unknown): Promise<void> {
  await atomicWrite(path, Buffer.from(`${JSON.stringify(data, null, 2)}\n`), 0o600);
}

/** Where a file's original is kept inside a backup folder (paths above the root stay inside it). */
function backupName(rel: string): string {
  return rel.split('/').map((part) => (part === '..' ? '__up__' : part)).join('/');
}

function relPath(from: string, to: string): string {
  const rel = relative(from, to);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}
