#!/usr/bin/env node
/** The shipshape command line: argument parsing and dispatch live in src/cli/; Ink loads only for the wizard. */
import {main} from './cli/main.js';

const readStdin = async (): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Writes a text in pieces of about a megabyte: the UTF-8 buffer of a whole report at once (the JSON
 * of a 26k-file monorepo is ~23 MB) doubles what the write holds. A piece never ends between the
 * two halves of a surrogate pair.
 */
const writeOut = (text: string): void => {
  const piece = 1 << 20;
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + piece);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    process.stdout.write(text.slice(at, end));
    at = end;
  }
};

const code = await main(process.argv.slice(2), {
  stdout: writeOut,
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stdin: readStdin,
});
process.exitCode = code;
