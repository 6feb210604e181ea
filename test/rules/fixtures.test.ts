/**
 * Runs every rule fixture under fixtures/rules/<ID>/ (see fixtures/rules/README.md):
 * `bad-*` cases must report the rule and, where `<case>.fixed*` exists, fix to exactly that;
 * `ok-*` cases must not report it. Every bad case also runs the automatic battery, on LF and CRLF,
 * and with a BOM on both (the BOM is kept, the rest is the same result).
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Kind, ParamValues} from '../../src/core/model.js';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {classify} from '../../src/core/classify.js';
import {RULES} from '../../src/rules/registry.js';
import {findingsOf, fixBomVariant, fixProject, runBattery, toCrlf} from '../helpers/battery.js';
import {BOM} from '../../src/core/text.js';

const ROOT = join(import.meta.dirname, '../../fixtures/rules');
const KIND_OF_LETTER: Record<string, Kind> = {D: 'dockerfile', C: 'compose', K: 'kubernetes', P: 'ci', R: 'script'};

interface Case {
  rule: string;
  name: string;
  bad: boolean;
  inputs: InputFile[];
  aux: Map<string, string>;
  expected: Map<string, string> | null;
  params: ParamValues | undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function loadCases(): Case[] {
  if (!existsSync(ROOT)) return [];
  const cases: Case[] = [];
  for (const rule of readdirSync(ROOT).filter((d) => /^[A-Z]\d{3}$/.test(d)).sort()) {
    const dir = join(ROOT, rule);
    const kind = KIND_OF_LETTER[rule[0]!]!;
    for (const entry of readdirSync(dir).sort()) {
      if (!/^(bad|ok)-/.test(entry) || /\.fixed(\.|$)/.test(entry) || entry.endsWith('.params.json')) continue;
      const full = join(dir, entry);
      const name = entry.replace(/\.[^.]*$/, '');
      const bad = entry.startsWith('bad-');
      const paramsFile = join(dir, `${statSync(full).isDirectory() ? entry : name}.params.json`);
      const params = existsSync(paramsFile) ? (JSON.parse(readFileSync(paramsFile, 'utf8')) as ParamValues) : undefined;
      const inputs: InputFile[] = [];
      const aux = new Map<string, string>();
      let expected: Map<string, string> | null = null;
      if (statSync(full).isDirectory()) {
        for (const file of walk(full)) {
          const rel = relative(full, file).split('\\').join('/');
          const text = readFileSync(file, 'utf8');
          const c = classify(rel, text);
          if (c && 'kind' in c) inputs.push({path: rel, kind: c.kind, text});
          else aux.set(rel, text);
        }
        const fixedDir = `${full}.fixed`;
        if (existsSync(fixedDir)) {
          expected = new Map(walk(fixedDir).map((f) => [relative(fixedDir, f).split('\\').join('/'), readFileSync(f, 'utf8')]));
        }
        cases.push({rule, name: entry, bad, inputs, aux, expected, params});
      } else {
        const ext = entry.slice(name.length);
        const path = entry;
        inputs.push({path, kind, text: readFileSync(full, 'utf8')});
        const fixed = join(dir, `${name}.fixed${ext}`);
        if (existsSync(fixed)) expected = new Map([[path, readFileSync(fixed, 'utf8')]]);
        cases.push({rule, name: entry, bad, inputs, aux, expected, params});
      }
    }
  }
  return cases;
}

const cases = loadCases();
const byRule = new Map<string, Case[]>();
for (const c of cases) (byRule.get(c.rule) ?? byRule.set(c.rule, []).get(c.rule)!).push(c);

function kindOf(path: string): Kind | null {
  const c = classify(path, '');
  return c && 'kind' in c ? c.kind : null;
}

describe.each([...byRule.keys()])('rule %s fixtures', (ruleId) => {
  const rule = RULES.find((r) => r.id === ruleId);
  it('is a registered rule', () => {
    expect(rule, `fixtures/rules/${ruleId} has no rule in the registry`).toBeDefined();
  });
  for (const c of byRule.get(ruleId)!) {
    if (!c.bad) {
      it(`${c.name}: reports nothing`, () => {
        const project = buildProject(['.'], c.inputs, {aux: c.aux});
        expect(project.failures, 'fixture parses').toEqual([]);
        expect(findingsOf(project, ruleId).map((f) => `${f.path}:${f.line} ${f.message}`)).toEqual([]);
      });
      continue;
    }
    it(`${c.name}: reports and fixes`, () => {
      const project = buildProject(['.'], c.inputs, {aux: c.aux});
      expect(project.failures, 'fixture parses').toEqual([]);
      expect(findingsOf(project, ruleId).length, 'the rule reports the bad case').toBeGreaterThan(0);
      const only = new Set([ruleId]);
      const result = runBattery(c.inputs, {only, params: c.params}, {aux: c.aux, kindOf});
      const actual = new Map(result.files.map((f) => [f.path, f.after]));
      if (c.expected) {
        for (const [path, text] of c.expected) expect(actual.get(path) ?? project.textOf(path), `${path} after the fix`).toBe(text);
        for (const path of actual.keys()) expect(c.expected.has(path), `${path} changed but is not in the expected output`).toBe(true);
      } else if (rule?.fix) {
        const fixable = findingsOf(project, ruleId).some((f) => f.fix && !(f.fix.needsInput?.length && !c.params));
        expect(fixable && !c.expected, `${c.name} is fixable: add ${c.name}.fixed* with the expected output`).toBe(false);
      }
    });
    it(`${c.name}: CRLF variant gives the CRLF of the same result`, () => {
      const crlf = c.inputs.map((i) => ({...i, text: toCrlf(i.text)}));
      const aux = new Map([...c.aux].map(([k, v]) => [k, toCrlf(v)]));
      const result = runBattery(crlf, {only: new Set([ruleId]), params: c.params}, {aux, kindOf});
      if (c.expected) {
        const actual = new Map(result.files.map((f) => [f.path, f.after]));
        for (const [path, text] of c.expected) {
          const original = c.inputs.find((i) => i.path === path);
          // A file the fix creates keeps LF unless its project uses CRLF; compare only files that existed.
          if (!original && !c.aux.has(path)) continue;
          expect(actual.get(path) ?? toCrlf(original?.text ?? c.aux.get(path) ?? ''), `${path} after the fix (CRLF)`).toBe(toCrlf(text));
        }
      }
    });
    for (const eol of ['LF', 'CRLF'] as const) {
      it(`${c.name}: BOM + ${eol} variant gives the ${eol} result with the BOM kept`, () => {
        const convert = eol === 'CRLF' ? toCrlf : (text: string) => text;
        const inputs = c.inputs.map((i) => ({...i, text: convert(i.text)}));
        const aux = new Map([...c.aux].map(([k, v]) => [k, convert(v)]));
        const withBom = fixBomVariant(inputs, {only: new Set([ruleId]), params: c.params}, {aux, kindOf});
        const plain = fixProject(buildProject(['.'], inputs, {aux}), {only: new Set([ruleId]), params: c.params});
        const expected = new Map(plain.files.map((f) => [f.path, (f.existed ? BOM : '') + f.after]));
        expect(withBom).toEqual(expected);
        for (const input of c.inputs) {
          const written = withBom.get(input.path);
          if (written !== undefined) expect(written.startsWith(BOM) && !written.startsWith(BOM + BOM), `${input.path} keeps one BOM`).toBe(true);
          if (c.expected?.has(input.path)) expect(written ?? BOM + inputs.find((i) => i.path === input.path)!.text, `${input.path} after the fix (BOM + ${eol})`).toBe(BOM + convert(c.expected.get(input.path)!));
        }
      });
    }
  }
});
