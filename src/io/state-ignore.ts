/**
 * A write keeps the originals in `.shipshape/` and adds that folder to the root's `.gitignore`.
 * That change is shown like every other one: `fix --diff` and the wizard's review list exactly the
 * files `fix --write` changes or creates.
 *
 *   const target = await stateIgnoreTarget(root, cwd);  // the root's .gitignore, read once
 *   const whole = withStateIgnore(plan, target);         // the plan plus that line (pure)
 *
 * The line is added when the root has a .gitignore or is a git repository, and the plan changes
 * something: a `.gitignore` the plan already edits (C211's `secrets/`) gets it at its end.
 */
import {readFile, stat} from 'node:fs/promises';
import {join, relative, resolve, sep} from 'node:path';
import type {FilePlan, Plan} from '../core/plan.js';
import {hashText} from '../core/text.js';
import {decode} from './discover.js';

export interface StateIgnoreTarget {
  /** The .gitignore as plan paths are written (relative to the working directory). */
  path: string;
  /** Its text (BOM removed), or null when it does not exist yet. */
  text: string | null;
}

/** The text with the `.shipshape/` lines added, or null when it already ignores the folder. */
export function withStateDirLine(text: string): string | null {
  if (/^\/?\.shipshape\/?\s*$/m.test(text)) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${text}${text === '' || text.endsWith('\n') ? '' : eol}# shipshape backups (shipshape undo)${eol}.shipshape/${eol}`;
}

/** Where the line would go for a write under `root`, or null when the root is neither ignored-aware nor a repository. */
export async function stateIgnoreTarget(root: string, cwd: string): Promise<StateIgnoreTarget | null> {
  const absolute = join(resolve(cwd, root), '.gitignore');
  const path = relative(cwd, absolute).split(sep).join('/');
  let bytes: Buffer | null = null;
  try {
    bytes = await readFile(absolute);
  } catch {
    bytes = null;
  }
  if (bytes !== null) {
    const decoded = decode(bytes);
    return 'error' in decoded ? null : {path, text: decoded.text};
  }
  const repository = await stat(join(resolve(cwd, root), '.git')).then(
    () => true,
    () => false,
  );
  return repository ? {path, text: null} : null;
}

/** The plan with the `.shipshape/` line in the root's .gitignore, when the plan writes anything. */
export function withStateIgnore(plan: Plan, target: StateIgnoreTarget | null): Plan {
  if (!target || plan.files.length === 0) return plan;
  const planned = plan.files.find((f) => f.path === target.path);
  const after = withStateDirLine(planned ? planned.after : target.text ?? '');
  if (after === null) return plan;
  const file: FilePlan = planned
    ? {...planned, after}
    : {path: target.path, before: target.text ?? '', after, beforeHash: hashText(target.text ?? ''), existed: target.text !== null, applied: []};
  const files = [...plan.files.filter((f) => f !== planned), file].sort((a, b) => (a.path < b.path ? -1 : 1));
  return {...plan, files};
}
