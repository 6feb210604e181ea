/**
 * Entry point of the `shipshape init` flow, imported lazily by the CLI only in a terminal.
 */
import type {InitFlowDeps} from './deps.js';
import {InitApp} from './InitApp.js';
import {mountUntilExit, type MountOptions} from '../mount.js';

export type RunInitOptions = Omit<MountOptions, 'debug'>;

/** Runs the flow until the user leaves it: 0 written or left, 1 some files refused, 2 failed, 130 Ctrl-C. */
export function runInitFlow(deps: InitFlowDeps, options: RunInitOptions = {}): Promise<number> {
  return mountUntilExit((exit) => <InitApp deps={deps} onExit={exit} />, options);
}
