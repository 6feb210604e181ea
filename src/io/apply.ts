import {access, constants, mkdir} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import type {Plan} from '../core/plan.js';
import {hashText} from '../core/text.js';
import {decode} from './discover.js';
import {withStateDirLine} from './state-ignore.js';
import {Guard, sha256, STATE_DIR, WriteError, describe, type Current, type Target} from './guard.js';
import {BACKUP_DIR, type Journal} from './journal.js';
import {withLock, type Lock} from './lock.js';
import {recover, recoveryNotes} from './recover.js';

export {WriteError} from './guard.js';
export {STATE_DIR} from './guard.js';
export {BACKUP_DIR} from './journal.js';

/** A run stopped by SIGINT/SIGTERM/SIGHUP after rolling back what it had written. */
export class Interrupted extends WriteError {}

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
  /** Files that stopped the write, with why; when any is listed, nothing was written. */
  refused: Array<{path: string; reason: string}>;
  /** One-line remarks (an interrupted run rolled back, a .gitignore left alone). */
  notes: string[];
}

interface Pending {
  target: Target;
  /** The plan paths that name this file (two when one is a symlink to the other). */
  displays: string[];
  /** The file as it was read at the check; null for a file the write creates. */
  original: Current | null;
  /** Permission bits for the folders created for a new file. */
  dirMode?: number;
  bytes: Buffer;
  mode: number;
}

/**
 * Writes a plan, all files or none. Every file is checked against the text it was planned from;
 * if any changed, or cannot be written, nothing is written. The originals go to
 * `.shipshape/backup/<timestamp>/` with a journal before the first file is touched; each file is
 * replaced atomically (temp file in the same folder, fsync, rename) after a last compare-and-swap
 * check; if one fails, changed under our feet, or a signal arrives, the files already written are
 * put back. Holds the repository lock throughout.
 */
export async function writePlan(plan: Pick<Plan, 'files'>, options: WriteOptions): Promise<WriteResult> {
  const cwd = options.cwd ?? process.cwd();
  // init writes into an --out folder that may not exist yet: it is the folder the user named.
  await mkdir(resolve(cwd, options.root), {recursive: true}).catch(() => undefined);
  const guard = await Guard.open(options.root, cwd);
  return withLock(guard, 'fix --write', async (lock) => {
    const notes = recoveryNotes(guard, await recover(guard, lock), true);
    const {pending, refused} = await prepare(guard, plan, cwd);
    if (refused.length > 0 || pending.length === 0) return {written: [], backupDir: null, refused, notes};
    notes.push(...(await addStateDirToGitignore(guard, pending)));
    await checkWritable(guard, pending);
    const backupDir = await writeBackup(guard, pending, options.now ?? new Date());
    const written = await writeAll(guard, lock, pending, backupDir);
    if ('refused' in written) return {written: [], backupDir: null, refused: [written.refused], notes};
    return {written: pending.flatMap((p) => p.displays), backupDir: guard.show(backupDir.dir), refused: [], notes};
  });
}

async function prepare(guard: Guard, plan: Pick<Plan, 'files'>, cwd: string): Promise<{pending: Pending[]; refused: WriteResult['refused']}> {
  const refused: WriteResult['refused'] = [];
  const byReal = new Map<string, Pending>();
  for (const file of plan.files) {
    const resolved = await guard.resolveFile(resolve(cwd, file.path));
    if ('refused' in resolved) {
      refused.push({path: file.path, reason: resolved.refused});
      continue;
    }
    let current: Current | null;
    try {
      current = await guard.read(resolved.real);
    } catch (error) {
      refused.push({path: file.path, reason: (error as Error).message.replace(/^[^:]*: /, '')});
      continue;
    }
    let bytes: Buffer;
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
      bytes = Buffer.from(decoded.bom + file.after, 'utf8');
    } else {
      if (current !== null) {
        refused.push({path: file.path, reason: 'created on disk since the scan'});
        continue;
      }
      bytes = Buffer.from(file.after, 'utf8');
    }
    const same = byReal.get(resolved.real);
    if (same) {
      if (!same.bytes.equals(bytes)) refused.push({path: file.path, reason: `is the same file as ${same.displays[0]} (through a symlink) and its fixes differ`});
      else same.displays.push(file.path);
      continue;
    }
    byReal.set(resolved.real, {target: resolved, displays: [file.path], original: current, bytes, mode: current?.mode ?? file.mode ?? 0o644, ...(current === null && file.dirMode !== undefined ? {dirMode: file.dirMode} : {})});
  }
  return {pending: [...byReal.values()], refused};
}

/** A folder the user cannot write fails here, before anything is written, with its name. */
async function checkWritable(guard: Guard, pending: readonly Pending[]): Promise<void> {
  const dirs = new Set(pending.map((p) => existingFolder(guard, p.target)));
  for (const dir of dirs) {
    try {
      await access(dir, constants.W_OK);
    } catch (error) {
      throw new WriteError(`${guard.show(guard.relReal(dir))}: cannot write in this folder: ${describe(error)}; nothing was written`);
    }
  }
}

function existingFolder(guard: Guard, target: Target): string {
  const first = target.missingDirs[0];
  return first === undefined ? dirname(target.real) : dirname(join(guard.root, first));
}

interface BackupState {
  dir: string;
  journal: Journal;
}

/** Creates the backup folder, writes the journal (incomplete), then the copies of the originals. */
async function writeBackup(guard: Guard, pending: readonly Pending[], now: Date): Promise<BackupState> {
  // The backups never show up in git, even after undo restores a .gitignore without `.shipshape/`.
  const selfIgnore = await guard.statePath(`${STATE_DIR}/.gitignore`);
  await guard.replace(selfIgnore, Buffer.from('# shipshape backups (shipshape undo)\n*\n'), 0o644, (current) => current === null);
  await guard.stateDir(BACKUP_DIR);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let dir = `${BACKUP_DIR}/${stamp}`;
  for (let n = 2; !(await guard.makeDir(dir)); n++) dir = `${BACKUP_DIR}/${stamp}-${n}`;
  const createdDirs: string[] = [];
  for (const p of pending) for (const d of p.target.missingDirs) if (!createdDirs.includes(d)) createdDirs.push(d);
  createdDirs.sort((a, b) => a.split('/').length - b.split('/').length);
  const journal: Journal = {
    version: 2,
    createdAt: now.toISOString(),
    entries: pending.map((p) => ({path: p.target.rel, existed: p.original !== null, mode: p.mode, before: p.original ? sha256(p.original.bytes) : null, after: sha256(p.bytes)})),
    createdDirs,
    complete: false,
  };
  const state = {dir, journal};
  try {
    await writeJournal(guard, state);
    for (const p of pending) {
      if (!p.original) continue;
      const copy = `${dir}/files/${p.target.rel}`;
      await guard.stateDir(copy.slice(0, copy.lastIndexOf('/')));
      await guard.replace(await guard.statePath(copy), p.original.bytes, 0o600, (current) => current === null);
    }
  } catch (error) {
    await guard.removeStateTree(dir).catch(() => undefined);
    throw error instanceof WriteError ? new WriteError(`${error.message}; nothing was written`) : error;
  }
  return state;
}

export async function writeJournal(guard: Guard, state: BackupState): Promise<void> {
  const path = await guard.statePath(`${state.dir}/journal.json`);
  await guard.replace(path, Buffer.from(`${JSON.stringify(state.journal, null, 2)}\n`), 0o600, () => true);
}

/** Writes every pending file, or puts back those written and says which one stopped the run. */
async function writeAll(guard: Guard, lock: Lock, pending: readonly Pending[], backup: BackupState): Promise<{ok: true} | {refused: {path: string; reason: string}}> {
  const done: Pending[] = [];
  const created: string[] = [];
  let stop: {refused: {path: string; reason: string}} | null = null;
  let failure: unknown = null;
  try {
    for (const p of pending) {
      if (lock.interrupted) throw new Interrupted('interrupted');
      for (const d of p.target.missingDirs) if (await guard.makeDir(d, p.dirMode)) created.push(d);
      const swapped = await guard.replace(p.target.real, p.bytes, p.mode, (current) => sameFile(current, p.original));
      if (!swapped) {
        stop = {refused: {path: p.displays[0]!, reason: 'changed on disk during the write; your version was kept'}};
        break;
      }
      done.push(p);
    }
  } catch (error) {
    failure = error;
  }
  if (stop === null && failure === null) {
    backup.journal.complete = true;
    await writeJournal(guard, backup);
    await guard.syncDirs(pending.map((p) => dirname(p.target.real)));
    return {ok: true};
  }
  const kept = await rollBack(guard, done, created);
  if (kept.length === 0) await guard.removeStateTree(backup.dir);
  const keptNote = kept.length > 0 ? `; ${kept.join(', ')} changed again meanwhile and kept as it is: \`shipshape undo --force\` restores the originals from ${guard.show(backup.dir)}` : '';
  if (failure instanceof Interrupted) throw new Interrupted(`interrupted; nothing was written${keptNote}`);
  if (failure !== null) {
    const message = failure instanceof WriteError ? failure.message : `${pending[done.length]?.displays[0] ?? '?'}: could not write: ${describe(failure)}`;
    throw new WriteError(`${message}; nothing was written${keptNote}`);
  }
  if (keptNote) stop!.refused.reason += keptNote;
  return stop!;
}

/** Puts back what a failed run wrote, each file only while it still holds what the run wrote. */
async function rollBack(guard: Guard, done: readonly Pending[], created: readonly string[]): Promise<string[]> {
  const kept: string[] = [];
  for (const p of [...done].reverse()) {
    const ours = (current: Current | null) => current !== null && current.bytes.equals(p.bytes);
    const ok = await (p.original ? guard.replace(p.target.real, p.original.bytes, p.original.mode, ours) : guard.removeFile(p.target.real, ours)).catch(() => false);
    if (!ok) kept.push(p.displays[0]!);
  }
  for (const d of [...created].reverse()) await guard.removeDirIfEmpty(d);
  return kept;
}

function sameFile(current: Current | null, expected: Current | null): boolean {
  if (current === null || expected === null) return current === expected;
  return current.bytes.equals(expected.bytes);
}

/** Adds `.shipshape/` to the root's .gitignore (as part of the same journaled write). */
async function addStateDirToGitignore(guard: Guard, pending: Pending[]): Promise<string[]> {
  const resolved = await guard.resolveFile(join(guard.root, '.gitignore'));
  if ('refused' in resolved) {
    if (/no such|broken/.test(resolved.refused) && !(await hasGit(guard))) return [];
    return [`${withSubject('.gitignore', resolved.refused)}; .shipshape/ was not added to it (.shipshape/.gitignore keeps the backups out of git)`];
  }
  const existing = pending.find((p) => p.target.real === resolved.real);
  let current: Current | null;
  try {
    current = existing ? {bytes: existing.bytes, mode: existing.mode} : await guard.read(resolved.real);
  } catch (error) {
    return [`${(error as Error).message}; .shipshape/ was not added to it`];
  }
  if (current === null && !(await hasGit(guard))) return [];
  const text = current ? current.bytes.toString('utf8') : '';
  // Callers that show the plan first (fix --diff, the wizard) put the line in it: then this is a no-op.
  const line = withStateDirLine(text);
  if (line === null) return [];
  const after = Buffer.from(line, 'utf8');
  if (existing) existing.bytes = after;
  else pending.push({target: resolved, displays: [guard.show(resolved.rel)], original: current, bytes: after, mode: current?.mode ?? 0o644});
  return [];
}

async function hasGit(guard: Guard): Promise<boolean> {
  return access(join(guard.root, '.git')).then(
    () => true,
    () => false,
  );
}

export {undoLastWrite, type UndoResult} from './undo.js';

/** A refusal as a sentence about `path` ("is a folder on disk" gets its subject). */
function withSubject(path: string, reason: string): string {
  return /^(is|leads|outside) /.test(reason) ? `${path} ${reason}` : reason;
}
