import {hostname} from 'node:os';
import {link, open, readFile, rename, unlink} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, Guard, STATE_DIR, tempName, WriteError} from './guard.js';

/**
 * One shipshape writes or undoes in a repository at a time: `.shipshape/lock` names the process
 * that holds it. A lock whose process is gone (a killed run) is taken over, and the caller is told,
 * so it can finish what that run left (see recover.ts).
 */

export const LOCK = `${STATE_DIR}/lock`;

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

export interface Lock {
  /** The lock a killed run left, when this one took it over. */
  stale: LockInfo | null;
  /** True once SIGINT/SIGTERM/SIGHUP arrived: the holder stops at the next file and rolls back. */
  readonly interrupted: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs `work` holding the repository lock. Signals that arrive meanwhile are held back until
 * `work` has finished or rolled back, then delivered again.
 */
export async function withLock<T>(guard: Guard, command: string, work: (lock: Lock) => Promise<T>): Promise<T> {
  const createdState = await guard.stateDir(STATE_DIR);
  const path = await guard.statePath(LOCK);
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    received ??= signal;
  };
  const stale = await acquire(guard, path, command);
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    return await work({
      stale,
      get interrupted() {
        return received !== null;
      },
    });
  } finally {
    await release(path);
    if (createdState.length > 0) await guard.removeDirIfEmpty(STATE_DIR);
    for (const s of SIGNALS) process.off(s, onSignal);
    if (received !== null && process.listenerCount(received) === 0) process.kill(process.pid, received);
  }
}

async function acquire(guard: Guard, path: string, command: string): Promise<LockInfo | null> {
  const mine: LockInfo = {pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString()};
  // Written whole to a temp file and linked into place: a lock file is never seen half-written.
  const temp = join(path, '..', tempName('lock'));
  try {
    const handle = await open(temp, 'wx', 0o600);
    await handle.writeFile(`${JSON.stringify(mine)}\n`);
    await handle.close();
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new WriteError(`${guard.show(LOCK)}: cannot create the lock: ${describe(error)}`);
  }
  try {
    let stale: LockInfo | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, path);
        return stale;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new WriteError(`${guard.show(LOCK)}: cannot create the lock: ${describe(error)}`);
      }
      const holder = await readLock(path);
      if (holder && (holder.host !== mine.host || alive(holder.pid))) {
        throw new WriteError(
          `another shipshape (${holder.command}, pid ${holder.pid}${holder.host !== mine.host ? ` on ${holder.host}` : ''}, started ${holder.startedAt}) is writing in ${guard.show('.')}; wait for it to finish, or remove ${guard.show(LOCK)} if it is not running`,
        );
      }
      // The holder is gone: move its lock aside, and take over only if what was moved is that lock.
      const aside = `${path}.${process.pid}.stale`;
      if (!(await rename(path, aside).then(() => true, () => false))) continue;
      const moved = await readLock(aside);
      if (moved && holder && moved.pid !== holder.pid) {
        // Another run took over first: put its lock back.
        await link(aside, path).catch(() => undefined);
        await unlink(aside).catch(() => undefined);
        continue;
      }
      await unlink(aside).catch(() => undefined);
      stale = holder ?? {pid: 0, host: mine.host, command: 'unknown', startedAt: 'unknown'};
    }
    throw new WriteError(`${guard.show(LOCK)}: could not take the lock; another shipshape may be starting in ${guard.show('.')}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function release(path: string): Promise<void> {
  const holder = await readLock(path);
  if (holder?.pid === process.pid) await unlink(path).catch(() => undefined);
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {pid: parsed.pid, host: parsed.host, command: String(parsed.command ?? 'unknown'), startedAt: String(parsed.startedAt ?? 'unknown')};
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
