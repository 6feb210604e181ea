/** Runs the command line in this process (faster than the built binary), capturing what it prints. */
import {main} from '../../src/cli/main.js';
import type {Result} from './cli.js';

/** `stdin`: what - reads (empty by default); `env`: the environment the CLI sees (empty by default). */
export async function runMain(args: string[], cwd: string, options: {stdin?: string | Buffer; env?: NodeJS.ProcessEnv} = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io = {stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), env: options.env ?? {}, cwd, isTTY: false, stdin: async () => Buffer.from(options.stdin ?? '')};
  const code = await main(args, io);
  return {code, stdout, stderr};
}
