#!/usr/bin/env node
/** The shipshape command line: argument parsing and dispatch live in src/cli/; Ink loads only for the wizard. */
import {main} from './cli/main.js';

const readStdin = async (): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stdin: readStdin,
});
process.exitCode = code;
