/**
 * A copy of this repository as a fresh clone has it (the files git tracks, and the new ones it
 * does not ignore, as they are in the working tree), for tests that pack, install or hook the
 * project without touching the working tree that the other tests run from.
 */
import {execFileSync} from 'node:child_process';
import {copyFile, mkdir, stat, symlink} from 'node:fs/promises';
import {dirname, join} from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export async function cleanCopy(target: string, options: {linkNodeModules?: boolean} = {}): Promise<void> {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {cwd: ROOT, encoding: 'utf8'});
  for (const path of listed.split('\0').filter(Boolean)) {
    const from = join(ROOT, path);
    // A tracked file deleted in the working tree is not part of the copy.
    if (!(await stat(from).then((s) => s.isFile(), () => false))) continue;
    await mkdir(dirname(join(target, path)), {recursive: true});
    await copyFile(from, join(target, path));
  }
  if (options.linkNodeModules) await symlink(join(ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
}

/** The environment without the npm_* variables of the `npm test` that may be running us. */
export function cleanNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) || /^npm_config_(cache|registry|userconfig)$/i.test(key)) env[key] = value;
  return {...env, NO_COLOR: '1', ...extra};
}
