#!/usr/bin/env node
/**
 * Checks the knowledge data files against their TypeScript shapes, after tsc (npm run build): the
 * image profiles (src/knowledge/profiles/data/*.json, profiles/validate.ts) and the control lists
 * of the standards (src/knowledge/standards/data/*.json, standardOf). A wrong or misspelt field
 * fails the build with the file, the profile or standard and the field named. shipshape reads the
 * files unchecked, so a start spends nothing on it (a cold check of all of them took 3-6 ms).
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const {profilesOf} = await import(join(ROOT, 'dist/knowledge/profiles/validate.js'));
const {standardOf} = await import(join(ROOT, 'dist/knowledge/standards/controls.js'));

const sets = [
  ['src/knowledge/profiles/data', profilesOf],
  ['src/knowledge/standards/data', standardOf],
];
try {
  for (const [dir, check] of sets) {
    for (const name of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.json'))) {
      check(`data/${name}`, JSON.parse(readFileSync(join(ROOT, dir, name), 'utf8')));
    }
  }
} catch (error) {
  console.error(`check-data: ${error.message}`);
  process.exit(1);
}
