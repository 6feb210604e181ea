/** What every command gets from the process: its streams and environment, and where shipshape is installed. */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdin and stdout are both a terminal (the wizard needs that). */
  isTTY: boolean;
  /** stdout is a terminal (colour); isTTY when not given. */
  stdoutIsTTY?: boolean;
  stdin?: () => Promise<Buffer>;
}

/** The installed package (dist/cli/ and src/cli/ are both two levels below it). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {version: string}).version;
}
