/** Mounting an Ink app until it leaves: what the wizard and the init flow share. */
import type {ReactElement} from 'react';
import {render} from 'ink';

export interface MountOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  /** Ink's debug mode: every frame written whole (tests). */
  debug?: boolean;
}

/**
 * Renders the app `app(exit)` builds and waits until it calls `exit` with an exit code; then
 * unmounts it and resolves with that code. Ctrl-C is the app's to handle, and console output is
 * left alone.
 */
export async function mountUntilExit(app: (exit: (code: number) => void) => ReactElement, options: MountOptions = {}): Promise<number> {
  let resolveCode!: (code: number) => void;
  const code = new Promise<number>((resolve) => (resolveCode = resolve));
  const instance = render(app(resolveCode), {
    stdin: options.stdin ?? process.stdin,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    debug: options.debug ?? false,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const exitCode = await code;
  instance.unmount();
  instance.cleanup();
  await instance.waitUntilExit().catch(() => undefined);
  return exitCode;
}
