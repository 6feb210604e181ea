/** Runs the command line in this process (faster than the built binary), capturing what it prints. */
import {main} from '../../src/cli/main.js';
import type {Result} from './cli.js';

export async function runMain(args: string[], cwd: string): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {}, cwd, isTTY: false, stdin: async () => Buffer.from('')});
  return {code, stdout, stderr};
}
