/** Runs the built command line (`npm test` builds first) as a user would. */
import {execFile} from 'node:child_process';
import {join} from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/shipshape.js');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export async function shipshape(args: string[], options: {cwd: string; env?: NodeJS.ProcessEnv; node?: string[]; uid?: number; gid?: number}): Promise<Result> {
  try {
    const {stdout, stderr} = await run(process.execPath, [...(options.node ?? []), BIN, ...args], {cwd: options.cwd, env: {...process.env, NO_COLOR: '', ...options.env}, maxBuffer: 32 * 1024 * 1024, uid: options.uid, gid: options.gid});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, stdout: e.stdout, stderr: e.stderr};
  }
}
