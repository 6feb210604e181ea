#!/usr/bin/env node
/**
 * Bundles, after `tsc`:
 *
 * - the command line (dist/cli.js and everything it imports, yaml, dockerfile-ast and diff
 *   included) into dist/bundle/: one entry, bin/shipshape.js's; one chunk for what check and fix
 *   of any file need; one per kind of rule, loaded only for files of that kind; and a chunk per
 *   other lazily imported part (a command, a report format). `check Dockerfile` loads 13 files
 *   instead of ~230 small modules, and no Compose, Kubernetes or pipeline rule (issue 11: start-up);
 * - the wizard (dist/ui/run.js with Ink, React and their dependencies) and the init flow
 *   (dist/ui/init/run.js) into one file each, in place. Loading ~100 small ESM modules of Ink's
 *   graph costs most of the wizard's startup on Node 20 (STACK-NOTES §6); one bundled file loads
 *   several times faster. The CLI keeps importing `../ui/run.js` lazily, so `check` and the other
 *   commands never load any of it.
 *
 * dist/bundle/ sits one folder below dist/ as dist/cli/ does, so what the CLI finds relative to
 * its own module (the package root, `../ui/run.js`) is found from the chunks alike.
 *
 * The bundles are what ships: Ink, React and ink-spinner are devDependencies, so an installed
 * shipshape has nothing but these files to draw with. The rest of tsc's dist/ui output (which
 * imports them) is removed, and a build without rolldown (a devDependency) fails.
 */
import {existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative, resolve, sep} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist/cli.js');
const ENTRIES = ['dist/ui/run.js', 'dist/ui/init/run.js'].map((e) => join(ROOT, e));
for (const entry of [CLI, ...ENTRIES]) {
  if (!existsSync(entry)) {
    console.error(`bundle: ${entry} is missing; run tsc first`);
    process.exit(2);
  }
}

let build;
try {
  ({build} = await import('rolldown'));
} catch (error) {
  console.error(`bundle: cannot load rolldown (${error.message}); install the devDependencies (npm ci) and build again`);
  process.exit(2);
}

// The CLI: the wizard's and init's bundles stay outside it, imported as they are from dist/cli/.
const UI = join(ROOT, 'dist/ui/');
/** A module's path below the package root, `/`-separated (`dist/core/model.js`, `node_modules/yaml/dist/index.js`). */
const fromRoot = (id) => relative(ROOT, id).split(sep).join('/');
/** The rules of one kind (dist/rules/<kind>/): a chunk each, loaded only when files of that kind are checked (rules/by-kind.ts). */
const ruleKindOf = (id) => /^dist\/rules\/(dockerfile|compose|kubernetes|ci|script|any)\//.exec(fromRoot(id))?.[1] ?? null;
/**
 * What a check or fix of any kind of file loads, as one chunk rather than the dozens of small ones
 * automatic splitting makes of the modules the kinds' rules share: each file costs Node a read, a
 * resolve and a link (41 files for `check Dockerfile` that way, 13 this way). Left out: what
 * `--version` and the wizard's first frame load before any of this (cli/main, args, context,
 * core/model, report/registry: the wizard command imports the rest once it has drawn), the rules
 * themselves, and the parts only other commands load
 * (init, verify, the wizard, `rules`/`explain`, the CI report formats, the writing side of io/, the
 * diff of `fix --diff` with jsdiff).
 */
const CHECK = /^dist\/(?:core\/(?!model\.js$)|formats\/|knowledge\/|io\/(?!apply|guard|journal|lock|restore|recover|undo)|report\/(?!registry|sarif|junit|gitlab|coverage|diff)|cli\/(?:load|commands)\.js$|rules\/by-kind\.js$)|^node_modules\/(?:yaml|dockerfile-ast|vscode-languageserver-types|vscode-languageserver-textdocument)\//;
/** Knowledge, format readers and parser libraries: what rules import and may share. */
const LIBRARY = /^dist\/(?:formats|knowledge)\/|^node_modules\//;

/**
 * The one kind whose rules alone import a module of the check set, through knowledge and format
 * modules or directly (formats/yaml/kubernetes.ts: the Kubernetes rules), or null when another
 * kind's rules or anything outside the rules need it too: such a module loads with that kind's
 * rules instead of with every check.
 */
function soleRuleKind(id, ctx, seen = new Map()) {
  if (seen.has(id)) return seen.get(id);
  seen.set(id, undefined);
  const info = ctx.getModuleInfo(id);
  const kinds = new Set();
  for (const importer of [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])]) {
    const kind = ruleKindOf(importer) ?? (LIBRARY.test(fromRoot(importer)) ? soleRuleKind(importer, ctx, seen) : null);
    if (kind === null) return remember(seen, id, null);
    if (kind !== undefined) kinds.add(kind);
  }
  return remember(seen, id, kinds.size === 1 ? [...kinds][0] : kinds.size === 0 ? undefined : null);
}

function remember(seen, id, kind) {
  seen.set(id, kind);
  return kind;
}

/** The chunk a module of the CLI goes to: its rule kind's, the check chunk, or (null) automatic splitting's choice. */
function chunkOf(id, ctx) {
  const kind = ruleKindOf(id) ?? (CHECK.test(fromRoot(id)) && LIBRARY.test(fromRoot(id)) ? soleRuleKind(id, ctx) : null);
  if (kind) return `rules-${kind}`;
  return CHECK.test(fromRoot(id)) ? 'check' : null;
}

await build({
  input: {cli: CLI},
  platform: 'node',
  // Required by includeDependenciesRecursively: false; the entry (bin/shipshape.js imports it) exports nothing.
  preserveEntrySignatures: 'allow-extension',
  external: (id) => id.startsWith('node:') || id.startsWith(UI),
  logLevel: 'warn',
  output: {
    dir: join(ROOT, 'dist/bundle'),
    format: 'esm',
    chunkFileNames: '[name]-[hash].js',
    paths: (id) => (id.startsWith(UI) ? `../ui/${id.slice(UI.length)}` : id),
    codeSplitting: {
      // Each group holds its own modules only: what they import stays in the chunk it belongs to.
      includeDependenciesRecursively: false,
      groups: [{name: chunkOf, debugName: 'the check chunk and the rules of each kind'}],
    },
  },
});

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
  removeAllBut(join(ROOT, 'dist/ui'), new Set(ENTRIES));
} finally {
  rmSync(stubs, {recursive: true, force: true});
}

/** Removes every file under `dir` but `keep`, and the folders left empty. */
function removeAllBut(dir, keep) {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeAllBut(path, keep);
      if (readdirSync(path).length === 0) rmSync(path, {recursive: true});
    } else if (!keep.has(path)) rmSync(path);
  }
}
