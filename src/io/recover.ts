import {Guard, STATE_DIR, WriteError} from './guard.js';
import {folderOf, listBackups, readJournal, UNDONE_SUFFIX, type Journal} from './journal.js';
import {withLock, type Lock, type LockInfo} from './lock.js';
import {checkEntries, removeCreatedDirs, restoreEntries} from './restore.js';

/**
 * Finishing what a killed run left (SIGKILL, a power cut): a run that had not written its journal
 * yet touched nothing, and its backup folder goes; a run with an incomplete journal is rolled back
 * (each file that holds what it wrote gets its original back); temp files it left are removed.
 * Runs under the repository lock, at the start of every write and undo.
 */

export interface InterruptedRun {
  /** The backup folder, relative to the root. */
  dir: string;
  restored: string[];
  /** Files changed since the run was interrupted: left as they are (nothing of that run restored). */
  changed: string[];
}

export interface Recovery {
  stale: LockInfo | null;
  runs: InterruptedRun[];
  tempsRemoved: number;
}

export async function recover(guard: Guard, lock: Lock, force = false): Promise<Recovery> {
  const dirs = await listBackups(guard);
  const journals: Array<{dir: string; journal: Journal}> = [];
  for (const dir of dirs) {
    // A journal that is not ours is not trusted here; `undo` says so when it reaches it.
    const journal = await readJournal(guard, dir).catch(() => undefined);
    if (journal === null && lock.stale) await guard.removeStateTree(dir);
    else if (journal) journals.push({dir, journal});
  }
  const incomplete = journals.filter((j) => !j.journal.complete).reverse();
  let tempsRemoved = 0;
  if (lock.stale || incomplete.length > 0) {
    const folders = [STATE_DIR, ...dirs, ...journals.flatMap((j) => j.journal.entries.map((e) => folderOf(e.path)))];
    tempsRemoved = await guard.removeStaleTemps(folders);
  }
  const runs: InterruptedRun[] = [];
  for (const {dir, journal} of incomplete) {
    const checks = await checkEntries(guard, journal, guard.show(`${dir}/journal.json`));
    const changed = checks.filter((c) => c.state === 'changed').map((c) => c.display);
    if (changed.length > 0 && !force) {
      runs.push({dir, restored: [], changed});
      continue;
    }
    const {restored, kept} = await restoreEntries(guard, dir, checks, force);
    if (kept.length === 0) {
      await removeCreatedDirs(guard, journal);
      await guard.renameState(dir, `${dir}${UNDONE_SUFFIX}`);
    }
    runs.push({dir, restored, changed: kept});
  }
  return {stale: lock.stale, runs, tempsRemoved};
}

/**
 * What the user is told about a recovery. `strict` (before a write): a run that could not be rolled
 * back stops the write, since the scan saw its half-written files.
 */
export function recoveryNotes(guard: Guard, recovery: Recovery, strict: boolean): string[] {
  const notes: string[] = [];
  const who = recovery.stale && recovery.stale.pid > 0 ? ` (${recovery.stale.command}, pid ${recovery.stale.pid}, started ${recovery.stale.startedAt})` : '';
  for (const run of recovery.runs) {
    if (run.changed.length > 0) {
      const message = `the write of ${guard.show(run.dir)} was interrupted${who} and ${run.changed.join(', ')} changed since; \`shipshape undo --force\` restores its originals, or remove ${guard.show(run.dir)} to keep the files as they are`;
      if (strict) throw new WriteError(`${message}; nothing was written`);
      notes.push(message);
    } else {
      notes.push(`an interrupted write${who} was rolled back: ${run.restored.length === 0 ? 'it had changed no file' : `restored ${run.restored.join(', ')}`}`);
    }
  }
  if (recovery.tempsRemoved > 0) notes.push(`removed ${recovery.tempsRemoved} temp file(s) an interrupted run left`);
  return notes;
}

/**
 * Before a scan that may lead to a write: rolls back what a killed run left, so the scan sees the
 * files as they were. Returns the notes for the user; throws when that run cannot be rolled back.
 */
export async function recoverBeforeScan(root: string, cwd: string): Promise<string[]> {
  const guard = await Guard.open(root, cwd);
  if (!(await guard.exists(STATE_DIR))) return [];
  return withLock(guard, 'recover', async (lock) => recoveryNotes(guard, await recover(guard, lock), true));
}
