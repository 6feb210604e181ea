/** The rule contract the engine enforces where findings are made (DESIGN §3): breaches are internal errors. */
import {describe, expect, it} from 'vitest';
import type {Fix, Safety} from '../../src/core/model.js';
import {defineRule, type FileRule} from '../../src/core/rule.js';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';

const DOCS = `## What it does\nx\n## Why it matters\nx\n## Example\nx\n## Use instead\nx\n## Fix safety\nx\n`;
const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM x\n'}]);

function fix(safety: Safety, needsInput?: string[]): Fix {
  return {title: 'Do it', safety, params: [], ...(needsInput ? {needsInput} : {}), edits: () => []};
}

function ruleYielding(declared: Safety | null, yielded: Fix | null, extra: Partial<FileRule> = {}): FileRule {
  return defineRule({
    id: 'T801', name: 'contract', kind: 'dockerfile', severity: 'low', title: 't', docs: DOCS, references: [], fix: declared, ...extra,
    *check() {
      yield {start: 0, end: 4, message: 'found', locator: 'x', fix: yielded};
    },
  });
}

describe('the rule contract', () => {
  it.each([
    [null, fix('safe'), 'the rule is declared without a fix but yielded "Do it" (safe) at x'],
    ['safe', fix('unsafe'), 'the rule declares safe fixes but yielded "Do it" as unsafe at x'],
    ['unsafe', fix('safe'), 'the rule declares unsafe fixes but yielded "Do it" as safe at x'],
    ['safe', fix('safe', ['tag']), 'the rule is not declared needsInput but "Do it" asks for tag at x'],
  ] as const)('declared %s: a breach is an internal error and the finding is not reported', (declared, yielded, message) => {
    const result = runRules(project, {rules: [ruleYielding(declared, yielded)]});
    expect(result.errors).toEqual([{path: 'Dockerfile', rule: 'T801', message: `contract: ${message}`}]);
    expect(result.findings).toEqual([]);
  });

  it.each([
    [null, null, {}],
    ['safe', fix('safe'), {}],
    ['unsafe', fix('unsafe'), {}],
    ['unsafe', null, {}],
    ['safe', fix('safe', ['tag']), {needsInput: true}],
  ] as const)('declared %s: a kept contract reports the finding', (declared, yielded, extra) => {
    const result = runRules(project, {rules: [ruleYielding(declared, yielded, extra)]});
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.fix?.safety ?? null)).toEqual([yielded?.safety ?? null]);
  });
});

describe('rule docs are written in one style', () => {
  const rule = (docs: string, links?: Record<string, string>) => () =>
    defineRule({id: 'T802', name: 'docs', kind: 'dockerfile', severity: 'low', title: 't', docs, references: [], ...(links ? {links} : {}), fix: null, check: () => []});

  it('accepts the written sections with a # comment inside an example', () => {
    expect(rule(DOCS.replace('## Example\nx', '## Example\n```dockerfile\n# syntax=docker/dockerfile:1\nFROM x\n```'))).not.toThrow();
  });

  it.each([
    [`${DOCS}## References\n- hadolint DL3002\n`, /must not write References/],
    [`# T802 docs\n\n${DOCS}`, /exactly the ## headings/],
    [DOCS.replace('## Example\nx\n## Use instead\nx\n', '## Use instead\nx\n## Example\nx\n'), /in this order/],
    [DOCS.replace('## Example\nx', '## Example\nx\n### Variant\ny'), /exactly the ## headings/],
    [`Intro.\n${DOCS}`, /must start with "## What it does"/],
  ])('rejects %j', (docs, message) => {
    expect(rule(docs)).toThrow(message);
  });

  it('takes links as titles with https URLs', () => {
    expect(rule(DOCS, {'Dockerfile reference': 'https://docs.docker.com/reference/dockerfile/'})).not.toThrow();
    expect(rule(DOCS, {'Dockerfile reference': 'docs.docker.com/reference/dockerfile/'})).toThrow(/must be a title and an https URL/);
  });
});
