/**
 * The rule contract over every fixture: each rule runs on every rule case (bad, ok and expected
 * output), every corpus file and the demo project, and the engine reports no breach (a fix from a
 * rule declared without one, a fix whose safety is not the declared one, input asked for by a rule
 * not declared `needsInput`) and no crash. Extra trees can be added with SHIPSHAPE_CONTRACT_DIRS
 * (a path list), e.g. the checked-out public repositories.
 */
import {existsSync, lstatSync, readdirSync, readFileSync} from 'node:fs';
import {delimiter, join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {KINDS, type Kind} from '../../src/core/model.js';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {classify} from '../../src/core/classify.js';
import {runRules} from '../../src/core/engine.js';
import {RULES} from '../../src/rules/registry.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const KIND_OF_LETTER: Record<string, Kind> = {D: 'dockerfile', C: 'compose', K: 'kubernetes', P: 'ci', R: 'script'};
const MAX_BYTES = 512 * 1024;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    const info = lstatSync(full);
    if (info.isSymbolicLink() || entry === '.git' || entry === 'node_modules') return [];
    return info.isDirectory() ? walk(full) : info.size <= MAX_BYTES ? [full] : [];
  });
}

/** The files of a tree as discovery classifies them; `fallback` names the kind of files it does not. */
function inputsOf(root: string, files: readonly string[], fallback?: Kind): InputFile[] {
  return files.flatMap((file) => {
    const path = relative(root, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const c = classify(path, text);
    const kind = c && 'kind' in c ? c.kind : c === null ? fallback : undefined;
    return kind ? [{path, kind, text}] : [];
  });
}

interface Tree {
  name: string;
  inputs: InputFile[];
}

function trees(): Tree[] {
  const out: Tree[] = [];
  const rules = join(FIXTURES, 'rules');
  for (const id of readdirSync(rules).filter((d) => /^[A-Z]\d{3}$/.test(d))) {
    for (const entry of readdirSync(join(rules, id))) {
      const full = join(rules, id, entry);
      if (entry.endsWith('.params.json')) continue;
      const inputs = lstatSync(full).isDirectory() ? inputsOf(full, walk(full)) : inputsOf(join(rules, id), [full], KIND_OF_LETTER[id[0]!]);
      out.push({name: `rules/${id}/${entry}`, inputs});
    }
  }
  for (const corpus of ['dockerfiles', 'compose', 'kubernetes']) {
    const dir = join(FIXTURES, corpus);
    for (const file of walk(dir)) out.push({name: `${corpus}/${relative(dir, file)}`, inputs: inputsOf(dir, [file])});
  }
  const extra = (process.env.SHIPSHAPE_CONTRACT_DIRS ?? '').split(delimiter).filter(Boolean);
  for (const dir of [join(FIXTURES, 'demo'), ...extra]) {
    if (existsSync(dir)) out.push({name: dir, inputs: inputsOf(dir, walk(dir))});
  }
  return out.filter((t) => t.inputs.length > 0);
}

describe('the rule contract', () => {
  const all = trees();
  it('covers every kind of file', () => {
    const kinds = new Set(all.flatMap((t) => t.inputs.map((i) => i.kind)));
    expect([...kinds].sort()).toEqual([...KINDS].sort());
    expect(all.length).toBeGreaterThan(500);
  });

  it('holds for every rule on every fixture and corpus file', () => {
    const breaches: string[] = [];
    let fixes = 0;
    for (const tree of all) {
      const {findings, errors} = runRules(buildProject(['.'], tree.inputs), {rules: RULES});
      fixes += findings.filter((f) => f.fix).length;
      for (const e of errors) breaches.push(`${tree.name}: ${e.path}: ${e.rule}: ${e.message}`);
    }
    expect(breaches).toEqual([]);
    expect(fixes, 'the fixtures exercise fixes').toBeGreaterThan(500);
  });
});
