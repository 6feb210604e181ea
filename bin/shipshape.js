#!/usr/bin/env node
// Node 22.1+ keeps the compiled code of shipshape's modules between runs (a faster start); Node 20
// has no compile cache and starts as before. Imported after, so the cache covers the CLI.
// dist/bundle/ is the CLI bundled by `npm run build` (scripts/bundle.mjs): a few files to load
// instead of a few hundred modules.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bundle/cli.js');
