import {describe, expect, it} from 'vitest';
import {defineRule} from '../../src/core/rule.js';
import {buildProject} from '../../src/core/project.js';
import {Session, hardeningScore} from '../../src/core/session.js';

const DOCS = `## What it does\nx\n## Why it matters\nx\n## Example\nx\n## Use instead\nx\n## Fix safety\nx\n`;

describe('engine', () => {
  it('a rule that throws is reported as an error and the other rules still run', () => {
    const boom = defineRule({id: 'T701', name: 'boom', kind: 'dockerfile', severity: 'low', title: 'boom', docs: DOCS, references: [], fix: null, check: () => { throw new Error('kaboom'); }});
    const ok = defineRule({id: 'T702', name: 'ok', kind: 'dockerfile', severity: 'high', title: 'ok', docs: DOCS, references: [], fix: null, *check() { yield {start: 0, end: 4, message: 'found', locator: 'x'}; }});
    const session = new Session(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM x\n'}]), [boom, ok]);
    expect(session.errors).toEqual([{path: 'Dockerfile', rule: 'T701', message: 'kaboom'}]);
    expect(session.findings.map((f) => f.rule)).toEqual(['T702']);
    expect(hardeningScore(session.findings)).toBe(85);
  });

  it('a Compose file that is a list or a scalar is a parse failure with its line, not a clean file', () => {
    const project = buildProject(['.'], [
      {path: 'compose.yaml', kind: 'compose', text: '# old\n- a\n- b\n'},
      {path: 'other/compose.yaml', kind: 'compose', text: 'hello\n'},
      {path: 'empty/compose.yaml', kind: 'compose', text: '# nothing yet\n'},
    ]);
    expect(project.failures.map((f) => [f.path, f.line, f.message])).toEqual([
      ['compose.yaml', 2, 'a Compose file is a mapping (services:, volumes:, …) at the top, not a list'],
      ['other/compose.yaml', 1, 'a Compose file is a mapping (services:, volumes:, …) at the top, not a single value'],
    ]);
    expect(project.sources.map((s) => s.path)).toEqual(['empty/compose.yaml']);
  });

  it('gives repeated locators distinct, stable fingerprints', () => {
    const twice = defineRule({id: 'T703', name: 'twice', kind: 'dockerfile', severity: 'low', title: 't', docs: DOCS, references: [], fix: null, *check() { yield {start: 0, end: 1, message: 'a', locator: 'same'}; yield {start: 2, end: 3, message: 'b', locator: 'same'}; }});
    const session = new Session(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM x\n'}]), [twice]);
    expect(session.findings.map((f) => f.fingerprint)).toEqual(['T703:Dockerfile:same', 'T703:Dockerfile:same#2']);
  });

  it('rejects rule metadata bugs when the rule is defined', () => {
    expect(() => defineRule({id: 'bad', name: 'x', kind: 'dockerfile', severity: 'low', title: 't', docs: DOCS, references: [], fix: null, check: () => []})).toThrow(/id must look like D101/);
    expect(() => defineRule({id: 'T704', name: 'x', kind: 'dockerfile', severity: 'low', title: 't', docs: '## What it does\n', references: [], fix: null, check: () => []})).toThrow(/docs lack the heading "Why it matters"/);
    expect(() => defineRule({id: 'T704', name: 'x', kind: 'helm' as never, severity: 'low', title: 't', docs: DOCS, references: [], fix: null, check: () => []})).toThrow(/unknown kind/);
    expect(() => defineRule({id: 'T704', name: 'x', kind: 'dockerfile', severity: 'low', title: 't', docs: DOCS, references: [], fix: 'maybe' as never, check: () => []})).toThrow(/fix safety/);
    expect(() => defineRule({id: 'T704', name: 'x', kind: 'dockerfile', severity: 'low', title: 't', docs: DOCS, references: ['DL3002'], fix: null, check: () => []})).toThrow(/tool:ID/);
  });
});
