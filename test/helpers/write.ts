import {readdir} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {hashText} from '../../src/core/text.js';
import type {FilePlan, Plan} from '../../src/core/plan.js';
import {buildProject} from '../../src/core/project.js';
import {isTempName} from '../../src/io/guard.js';

/** A plan of whole-file changes, as the planner would hand it to the write. */
export function planOf(files: Array<Partial<FilePlan> & {path: string; before: string; after: string}>): Plan {
  return {
    files: files.map((f) => ({existed: true, applied: [], beforeHash: hashText(f.before), ...f})),
    applied: [],
    skipped: [],
    passes: 1,
    converged: true,
    masks: [],
    secretLines: [],
    remaining: [],
    project: buildProject(['.'], []),
  };
}

/** Every shipshape temp file under a folder (relative paths). */
export async function tempFilesIn(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, {withFileTypes: true}).catch(() => [])) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (isTempName(entry.name)) found.push(relative(root, full));
    }
  }
  await walk(root);
  return found;
}
