import {readdir, readFile} from 'node:fs/promises';
import {Guard, isPlainRelative, sha256, STATE_DIR, WriteError, type Current} from './guard.js';

/**
 * The journal of one write: `.shipshape/backup/<stamp>/journal.json` lists every file the write
 * touches with the hashes of its bytes before and after, and `files/<path>` keeps the originals.
 * It is written (and fsynced) before the first file is touched, and marked complete after the last,
 * so a killed run can always be rolled back. Nothing in a journal is trusted: a path that is not a
 * plain relative path inside the root refuses the whole journal.
 */

export const BACKUP_DIR = `${STATE_DIR}/backup`;
export const UNDONE_SUFFIX = '.undone';

export interface JournalEntry {
  /** Relative to the root, `/`-separated: the real file (a symlink's target, never the link). */
  path: string;
  existed: boolean;
  mode: number;
  /** sha256 of the original bytes; null for a file the write created. */
  before: string | null;
  /** sha256 of the bytes written. */
  after: string;
}

export interface Journal {
  version: 2;
  createdAt: string;
  entries: JournalEntry[];
  /** Folders the write creates, outermost first (removed again, when empty, by undo). */
  createdDirs: string[];
  /** False until every file was written: an incomplete journal is a run that was killed. */
  complete: boolean;
}

export interface Backup {
  /** Relative to the root: `.shipshape/backup/<stamp>`. */
  dir: string;
  journal: Journal;
}

/** How a journaled file stands now. */
export type EntryState = 'written' | 'original' | 'changed';

export function entryState(entry: JournalEntry, current: Current | null): EntryState {
  if (current === null) return entry.existed ? 'changed' : 'original';
  const hash = sha256(current.bytes);
  if (hash === entry.after) return 'written';
  if (entry.existed && hash === entry.before) return 'original';
  return 'changed';
}

/** The backup folders that were not undone, oldest first (stamps sort by time). */
export async function listBackups(guard: Guard): Promise<string[]> {
  const base = await guard.statePath(BACKUP_DIR);
  const names = await readdir(base).catch(() => [] as string[]);
  return names
    .filter((n) => !n.endsWith(UNDONE_SUFFIX) && !n.startsWith('.'))
    .sort()
    .map((n) => `${BACKUP_DIR}/${n}`);
}

/** The journal of a backup folder, null when it has none; a journal that is not ours throws. */
export async function readJournal(guard: Guard, dir: string): Promise<Journal | null> {
  const path = await guard.statePath(`${dir}/journal.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const where = guard.show(`${dir}/journal.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WriteError(`${where}: not a shipshape journal (invalid JSON); nothing restored`);
  }
  return validate(parsed, where);
}

function validate(value: unknown, where: string): Journal {
  const j = value as Partial<Journal> | null;
  if (!j || typeof j !== 'object' || j.version !== 2) throw new WriteError(`${where}: not a journal this shipshape writes (version ${JSON.stringify((j as {version?: unknown})?.version)}); nothing restored`);
  if (!Array.isArray(j.entries) || !Array.isArray(j.createdDirs) || typeof j.complete !== 'boolean') throw new WriteError(`${where}: incomplete journal; nothing restored`);
  const hash = (h: unknown): boolean => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h);
  for (const e of j.entries as unknown[]) {
    const entry = e as Partial<JournalEntry>;
    if (!isPlainRelative(entry?.path) || isReserved(entry.path)) {
      throw new WriteError(`${where}: names the path ${JSON.stringify(entry?.path)}, which is not a file inside the repository; nothing restored`);
    }
    if (typeof entry.existed !== 'boolean' || !hash(entry.after) || (entry.existed ? !hash(entry.before) : entry.before !== null)) throw new WriteError(`${where}: entry ${entry.path} is damaged; nothing restored`);
    if (typeof entry.mode !== 'number' || !Number.isInteger(entry.mode) || entry.mode < 0 || entry.mode > 0o7777) throw new WriteError(`${where}: entry ${entry.path} has no valid mode; nothing restored`);
  }
  for (const d of j.createdDirs as unknown[]) {
    if (!isPlainRelative(d) || isReserved(d)) throw new WriteError(`${where}: names the folder ${JSON.stringify(d)}, which is not inside the repository; nothing restored`);
  }
  return {version: 2, createdAt: String(j.createdAt ?? ''), entries: j.entries as JournalEntry[], createdDirs: j.createdDirs as string[], complete: j.complete};
}

function isReserved(path: string): boolean {
  const parts = path.split('/');
  return parts[0] === STATE_DIR || parts.includes('.git');
}

export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '.' : path.slice(0, i);
}
