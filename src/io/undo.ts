import {Guard} from './guard.js';
import {BACKUP_DIR, listBackups, readJournal, UNDONE_SUFFIX, type Journal} from './journal.js';
import {withLock} from './lock.js';
import {recover, recoveryNotes} from './recover.js';
import {checkEntries, removeCreatedDirs, restoreEntries} from './restore.js';

export interface UndoResult {
  restored: string[];
  refused: Array<{path: string; reason: string}>;
  /** The backup that was undone (as the user sees the path), or null when there was none. */
  backupDir: string | null;
  notes: string[];
}

/**
 * Restores the files of the last write under `root`, all or none: when a file was edited since,
 * nothing is restored unless forced. A write that was interrupted is what is undone first. Every
 * path in the journal must be a plain path inside the root, else nothing is restored.
 */
export async function undoLastWrite(root: string, options: {force?: boolean; cwd?: string} = {}): Promise<UndoResult> {
  const cwd = options.cwd ?? process.cwd();
  const guard = await Guard.open(root, cwd);
  const none: UndoResult = {restored: [], refused: [], backupDir: null, notes: []};
  if (!(await guard.exists(BACKUP_DIR))) return none;
  const force = options.force ?? false;
  return withLock(guard, 'undo', async (lock) => {
    const recovery = await recover(guard, lock, force);
    const notes = recoveryNotes(guard, recovery, false);
    const interrupted = recovery.runs[0];
    if (interrupted) {
      const refused = interrupted.changed.map((path) => ({path, reason: 'changed since the interrupted write (use --force to restore anyway)'}));
      return {restored: interrupted.restored, refused, backupDir: guard.show(interrupted.dir), notes: notes.filter((n) => !n.startsWith('an interrupted write'))};
    }
    let last: {dir: string; journal: Journal} | null = null;
    for (const dir of (await listBackups(guard)).reverse()) {
      const journal = await readJournal(guard, dir);
      if (journal) {
        last = {dir, journal};
        break;
      }
    }
    if (!last) return {...none, notes};
    const where = guard.show(`${last.dir}/journal.json`);
    const checks = await checkEntries(guard, last.journal, where);
    const changed = checks.filter((c) => c.state === 'changed');
    if (changed.length > 0 && !force) {
      const refused = changed.map((c) => ({path: c.display, reason: c.current === null ? 'deleted since shipshape wrote it' : 'edited since shipshape wrote it'}));
      return {restored: [], refused, backupDir: guard.show(last.dir), notes: [...notes, 'nothing was restored: use --force to restore every file anyway (losing those edits)']};
    }
    const {restored, kept} = await restoreEntries(guard, last.dir, checks, force);
    await removeCreatedDirs(guard, last.journal);
    if (kept.length === 0) await guard.renameState(last.dir, `${last.dir}${UNDONE_SUFFIX}`);
    const refused = kept.map((path) => ({path, reason: 'changed during the undo; your version was kept'}));
    return {restored, refused, backupDir: guard.show(last.dir), notes};
  });
}


