/**
 * Entry point of the `shipshape init` flow, imported lazily by the CLI only in a terminal.
 */
import React from 'react';
import {render} from 'ink';
import type {InitFlowDeps} from './deps.js';
import {InitApp} from './InitApp.js';

export interface RunInitOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}

/** Runs the flow until the user leaves it: 0 written or left, 1 some files refused, 2 failed, 130 Ctrl-C. */
export async function runInitFlow(deps: InitFlowDeps, options: RunInitOptions = {}): Promise<number> {
  let resolveCode!: (code: number) => void;
  const code = new Promise<number>((resolve) => (resolveCode = resolve));
  const instance = render(<InitApp deps={deps} onExit={(c) => resolveCode(c)} />, {
    stdin: options.stdin ?? process.stdin,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const exitCode = await code;
  instance.unmount();
  instance.cleanup();
  await instance.waitUntilExit().catch(() => undefined);
  return exitCode;
}
