#!/usr/bin/env node
/**
 * npm's `prepare`: builds dist/ unless it was built from exactly these sources. npm runs prepare
 * twice when it installs from git or pre-commit installs the hook (once in `npm install` of the
 * clone, again in `npm pack`); the second run finds the stamp and skips the build. `npm run build`
 * always builds (and clears the stamp with the rest of dist/).
 */
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist/.build-inputs');
const INPUTS = ['src', 'scripts/clean-dist.mjs', 'scripts/check-data.mjs', 'scripts/bundle.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];

/** The files of an input, relative to the root: a folder's, recursively, or the file itself. */
function files(path) {
  const absolute = join(ROOT, path);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [path];
  return readdirSync(absolute, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const hash = createHash('sha256');
for (const file of INPUTS.flatMap(files).sort()) hash.update(`${file}\0`).update(readFileSync(join(ROOT, file))).update('\0');
const digest = hash.digest('hex');

if (existsSync(join(ROOT, 'dist/cli.js')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest) process.exit(0);
execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], {cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32'});
writeFileSync(STAMP, digest);
