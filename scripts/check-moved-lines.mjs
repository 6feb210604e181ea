#!/usr/bin/env node
/**
 * Checks shipshape's writes over real repositories (not shipped; a development aid for issue 17):
 *
 *   node scripts/check-moved-lines.mjs [--keep] DIR...
 *
 * Each DIR is copied to a temporary folder, `fix --write --unsafe` runs on the copy, then again.
 * Reported per repository:
 *   - moved:       a line the write removed from a file and wrote back elsewhere in it (the
 *                  same text, indentation included): an edit re-emitted a line it did not change;
 *   - reformatted: a removed line whose words come back with other spacing or quoting;
 *   - second pass: files the second `fix --write --unsafe` still changes (it must change nothing);
 *   - left:        findings with an automatic fix (no input needed) still reported after the write.
 * Exit code 1 when any repository has one of these.
 */
import {execFileSync} from 'node:child_process';
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {movedLines} from './moved-lines.mjs';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../bin/shipshape.js');
const SKIP = new Set(['.git', '.shipshape', 'node_modules']);

function snapshot(root) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && statSync(path).size < 2_000_000) files.set(relative(root, path), readFileSync(path, 'latin1'));
    }
  };
  walk(root);
  return files;
}

function shipshape(args, cwd) {
  try {
    return execFileSync(process.execPath, [BIN, ...args], {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28});
  } catch (error) {
    return error.stdout ?? '';
  }
}

function fixableLeft(dir) {
  const out = shipshape(['check', '-f', 'json', '--fail-on', 'critical', '.'], dir);
  try {
    return JSON.parse(out).findings.filter((f) => f.fix && !(f.fix.needsInput?.length > 0));
  } catch {
    return [];
  }
}

function checkRepository(source, keep) {
  const work = mkdtempSync(join(tmpdir(), 'shipshape-moved-'));
  const dir = join(work, basename(source));
  cpSync(source, dir, {recursive: true, filter: (p) => !p.split('/').includes('.git')});
  const before = snapshot(dir);
  shipshape(['fix', '--write', '--unsafe', '.'], dir);
  const after = snapshot(dir);
  shipshape(['fix', '--write', '--unsafe', '.'], dir);
  const again = snapshot(dir);
  const result = {repository: basename(source), changed: 0, created: 0, moved: [], reformatted: [], secondPass: [], left: []};
  for (const [path, text] of after) {
    const old = before.get(path);
    if (old === undefined) {
      result.created++;
      continue;
    }
    if (old === text) continue;
    result.changed++;
    const {moved, reformatted} = movedLines(old, text);
    for (const m of moved) result.moved.push({path, ...m});
    for (const m of reformatted) result.reformatted.push({path, ...m});
  }
  for (const [path, text] of again) if (after.get(path) !== text) result.secondPass.push(path);
  result.left = fixableLeft(dir).map((f) => `${f.rule} ${f.path}:${f.line} ${f.message}`);
  if (keep) result.kept = dir;
  else rmSync(work, {recursive: true, force: true});
  return result;
}

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const dirs = args.filter((a) => a !== '--keep');
if (dirs.length === 0) {
  console.error('usage: node scripts/check-moved-lines.mjs [--keep] DIR...');
  process.exit(2);
}
let bad = false;
for (const source of dirs) {
  const r = checkRepository(resolve(source), keep);
  const problems = r.moved.length + r.reformatted.length + r.secondPass.length + r.left.length;
  if (problems > 0) bad = true;
  console.log(`${r.repository}: ${r.changed} changed, ${r.created} created; moved ${r.moved.length}, reformatted ${r.reformatted.length}, second pass ${r.secondPass.length}, fixable left ${r.left.length}${r.kept ? ` (kept in ${r.kept})` : ''}`);
  for (const m of r.moved) console.log(`  moved       ${m.path}:${m.from} -> ${m.to}  ${JSON.stringify(m.text)}`);
  for (const m of r.reformatted) console.log(`  reformatted ${m.path}:${m.from} -> ${m.to}  ${JSON.stringify(m.text)} -> ${JSON.stringify(m.now)}`);
  for (const p of r.secondPass) console.log(`  second pass changes ${p}`);
  for (const f of r.left) console.log(`  left        ${f}`);
}
process.exit(bad ? 1 : 0);
