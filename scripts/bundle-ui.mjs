#!/usr/bin/env node
/**
 * Bundles the wizard (dist/ui/run.js with Ink, React and their dependencies) and the init flow
 * (dist/ui/init/run.js) into one file each, in place, after `tsc`. Loading ~100 small ESM modules of Ink's graph costs most of the wizard's
 * startup on Node 20 (STACK-NOTES §6); one bundled file loads several times faster. The CLI keeps
 * importing `./ui/run.js` lazily, so `check` and the other commands never load any of it.
 *
 * Uses rolldown (already installed with vite/vitest). Without it the unbundled tsc output stays,
 * which works the same, only slower to start.
 */
import {existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRIES = ['dist/ui/run.js', 'dist/ui/init/run.js'].map((e) => join(ROOT, e));
for (const entry of ENTRIES) {
  if (!existsSync(entry)) {
    console.error(`bundle-ui: ${entry} is missing; run tsc first`);
    process.exit(2);
  }
}

let build;
try {
  ({build} = await import('rolldown'));
} catch {
  console.warn('bundle-ui: rolldown is not installed; the wizard stays unbundled (slower start)');
  process.exit(0);
}

// Ink imports react-devtools-core only when DEV is set; the bundle gets an inert stand-in.
const stubs = mkdtempSync(join(tmpdir(), 'shipshape-bundle-'));
const devtools = join(stubs, 'devtools.js');
writeFileSync(devtools, 'export default {initialize() {}, connectToDevTools() {}};\n');
try {
  for (const [i, entry] of ENTRIES.entries()) {
    const out = join(stubs, `run-${i}.js`);
    await build({
      input: entry,
      platform: 'node',
      external: [/^node:/],
      resolve: {alias: {'react-devtools-core': devtools}},
      transform: {define: {'process.env.NODE_ENV': '"production"'}},
      logLevel: 'warn',
      output: {
        file: out,
        format: 'esm',
        // One file: the CLI imports it lazily as it would the tsc output. (rolldown gives the
        // bundled CommonJS modules a createRequire-based `require` for Node built-ins itself.)
        codeSplitting: false,
        // When the bundle starts to run: the startup benchmark tells the CLI's share from the UI's.
        banner: 'globalThis.__shipshapeUiLoadStart ??= performance.now();',
      },
    });
    writeFileSync(entry, readFileSync(out));
    rmSync(`${entry}.map`, {force: true});
  }
} finally {
  rmSync(stubs, {recursive: true, force: true});
}
