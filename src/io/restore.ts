import {join} from 'node:path';
import {Guard, sha256, WriteError, type Current} from './guard.js';
import {entryState, type EntryState, type Journal, type JournalEntry} from './journal.js';

/** Putting the files of a journal back: shared by `undo` and the roll-back of an interrupted run. */

export interface EntryCheck {
  entry: JournalEntry;
  /** As the user sees the path. */
  display: string;
  real: string;
  current: Current | null;
  state: EntryState;
}

/** Where each journaled file is and how it stands now; a path that leads out of the root throws. */
export async function checkEntries(guard: Guard, journal: Journal, where: string): Promise<EntryCheck[]> {
  const checks: EntryCheck[] = [];
  for (const entry of journal.entries) {
    const resolved = await guard.resolveFile(join(guard.root, ...entry.path.split('/')));
    if ('refused' in resolved) throw new WriteError(`${where}: ${guard.show(entry.path)}: ${resolved.refused}; nothing restored`);
    const current = await guard.read(resolved.real);
    checks.push({entry, display: guard.show(entry.path), real: resolved.real, current, state: entryState(entry, current)});
  }
  return checks;
}

/**
 * Restores the checked files of a backup: each written file gets its original back (a created one
 * is removed); with `force`, changed ones too. Each file is checked again immediately before its
 * rename; one that changed meanwhile is kept. Returns what was restored and what was kept.
 */
export async function restoreEntries(guard: Guard, backupDir: string, checks: readonly EntryCheck[], force: boolean): Promise<{restored: string[]; kept: string[]}> {
  const restored: string[] = [];
  const kept: string[] = [];
  for (const c of checks) {
    if (c.state === 'original' || (c.state === 'changed' && !force)) continue;
    const unchanged = (now: Current | null) => (now === null ? c.current === null : c.current !== null && now.bytes.equals(c.current.bytes));
    let ok: boolean;
    if (c.entry.existed) {
      const copy = await readCopy(guard, backupDir, c.entry);
      for (const d of parents(guard.relReal(c.real))) await guard.makeDir(d);
      ok = await guard.replace(c.real, copy, c.entry.mode, unchanged);
    } else {
      ok = await guard.removeFile(c.real, unchanged);
    }
    (ok ? restored : kept).push(c.display);
  }
  return {restored, kept};
}

/** Removes the folders a write created, deepest first, where they are empty again. */
export async function removeCreatedDirs(guard: Guard, journal: Journal): Promise<void> {
  for (const d of [...journal.createdDirs].sort((a, b) => b.split('/').length - a.split('/').length)) await guard.removeDirIfEmpty(d);
}

async function readCopy(guard: Guard, backupDir: string, entry: JournalEntry): Promise<Buffer> {
  const rel = `${backupDir}/files/${entry.path}`;
  const copy = await guard.read(await guard.statePath(rel)).catch(() => null);
  if (copy === null || sha256(copy.bytes) !== entry.before) throw new WriteError(`${guard.show(rel)}: the backup copy is missing or damaged; ${guard.show(entry.path)} not restored`);
  return copy.bytes;
}

function parents(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
