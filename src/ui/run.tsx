/**
 * Entry point of the wizard. The CLI imports this module lazily (only for the interactive wizard),
 * so `check` and friends never load Ink or React.
 */
import type {WizardDeps} from './deps.js';
import {App} from './App.js';
import {mountUntilExit, type MountOptions} from './mount.js';

const moduleStart = performance.now();

export type RunOptions = MountOptions;

/**
 * Runs the wizard until the user leaves it; resolves with the exit code (0 done or quit, 1 some
 * files were refused, 2 the scan failed, 130 Ctrl-C). With SHIPSHAPE_BENCH set to a file path,
 * it writes the time from process start to the first frame there and leaves at once.
 */
export async function runWizard(deps: WizardDeps, options: RunOptions = {}): Promise<number> {
  const entered = performance.now();
  // Set by the bundle's first line (scripts/bundle-ui.mjs); unbundled, the time this module ran.
  const uiLoadStart = (globalThis as {__shipshapeUiLoadStart?: number}).__shipshapeUiLoadStart ?? moduleStart;
  const bench = process.env.SHIPSHAPE_BENCH;
  let benchWritten: Promise<void> | null = null;
  const exitCode = await mountUntilExit(
    (exit) => (
      <App
        deps={deps}
        onExit={exit}
        onFirstFrame={
          bench
            ? () => {
                const ms = performance.now();
                benchWritten = import('node:fs/promises').then((fs) => fs.writeFile(bench, `first-frame ${ms.toFixed(1)} entered ${entered.toFixed(1)} ui-load-start ${uiLoadStart.toFixed(1)}\n`));
                exit(0);
              }
            : undefined
        }
      />
    ),
    options,
  );
  if (benchWritten) await benchWritten;
  return exitCode;
}
