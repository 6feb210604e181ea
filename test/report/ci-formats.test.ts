/** SARIF (validated against the SARIF 2.1.0 schema), JUnit XML and GitLab Code Quality reports. */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Ajv} from 'ajv';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Finding, Severity} from '../../src/core/model.js';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {RULES} from '../../src/rules/registry.js';
import {buildReport} from '../../src/report/model.js';
import {sarifLevel, sarifReport} from '../../src/report/sarif.js';
import {junitReport, xmlEscape} from '../../src/report/junit.js';
import {codeQualitySeverity, gitlabReport, hash128} from '../../src/report/gitlab.js';

const SECRET = 'sk_live_51HzQeXAMPLEexampleEXAMPLE0000';

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'P401',
    name: 'no-image-scan',
    severity: 'medium',
    path: '.github/workflows/ci.yml',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 12,
    start: 20,
    end: 27,
    message: 'a message',
    fingerprint: 'P401:.github/workflows/ci.yml:repository > image-scan',
    fix: null,
    references: [],
    secrets: [],
    secretLines: [],
    ...over,
  };
}

/** A report from the real engine: a Dockerfile, a workflow with `docker scan` and a push, a broken file. */
function realReport() {
  const project = buildProject(['.'], [
    {path: 'api/Dockerfile', kind: 'dockerfile', text: 'FROM python:3.12\nCMD python app.py\n'},
    {path: 'my dir/.github/workflows/c i.yml', kind: 'ci', text: 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: docker build -t a/b . && docker scan a/b && docker push a/b\n'},
    {path: 'broken.yml', kind: 'compose', text: 'services: [\n'},
  ]);
  const {findings} = runRules(project, {rules: RULES});
  const secretFinding = finding({rule: 'D106', name: 'secret-in-env', severity: 'critical', path: 'api/Dockerfile', line: 1, column: 1, endLine: 1, endColumn: 18, message: `ENV STRIPE_KEY holds a secret ${SECRET}`, advice: `remove ${SECRET}`, secrets: [SECRET], fingerprint: 'D106:api/Dockerfile:ENV STRIPE_KEY'});
  return buildReport(project, [...findings, secretFinding]);
}

function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  delete schema['id'];
  const ajv = new Ajv({strict: false, allErrors: true, unicodeRegExp: false});
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', true);
  return ajv.compile(schema);
}

describe('SARIF', () => {
  const report = realReport();
  const text = sarifReport(report, {rules: RULES, version: '0.1.0'});
  const sarif = JSON.parse(text);
  const run = sarif.runs[0];

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The validator is not a rubber stamp: a result without a message is rejected.
    const broken = structuredClone(sarif);
    delete broken.runs[0].results[0].message;
    expect(validate(broken)).toBe(false);
    const empty = JSON.parse(sarifReport({files: [], findings: [], skipped: []}, {rules: RULES}));
    expect(validate(empty), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('lists every rule with descriptions and a level from its severity, and unknown rules of findings', () => {
    const ids = run.tool.driver.rules.map((r: {id: string}) => r.id);
    for (const rule of RULES) expect(ids).toContain(rule.id);
    expect(ids).toContain('E001');
    expect(ids).toEqual([...ids].sort());
    const p401 = run.tool.driver.rules.find((r: {id: string}) => r.id === 'P401');
    expect(p401.name).toBe('no-image-scan');
    expect(p401.shortDescription.text).toBe(RULES.find((r) => r.id === 'P401')!.title);
    expect(p401.fullDescription.text).toMatch(/^Reports a repository that builds container images/);
    expect(p401.defaultConfiguration.level).toBe('warning');
    expect(run.tool.driver.name).toBe('shipshape');
  });

  it('maps severities to levels', () => {
    const levels: Record<Severity, string> = {critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note'};
    for (const [severity, level] of Object.entries(levels)) expect(sarifLevel(severity as Severity)).toBe(level);
  });

  it('gives each result its rule, level, relative URI, real region and fingerprint; no fixes', () => {
    expect(run.results).toHaveLength(report.findings.length);
    for (const [i, f] of report.findings.entries()) {
      const r = run.results[i];
      expect(r.ruleId).toBe(f.rule);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.rule);
      expect(r.level).toBe(sarifLevel(f.severity));
      const loc = r.locations[0].physicalLocation;
      expect(decodeURIComponent(loc.artifactLocation.uri)).toBe(f.path);
      expect(loc.artifactLocation.uri.startsWith('/')).toBe(false);
      expect(loc.region).toEqual({startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn});
      expect(r.partialFingerprints).toEqual({'shipshape/v1': f.fingerprint});
      expect(r.fixes).toBeUndefined();
    }
    const scan = run.results.find((r: {ruleId: string}) => r.ruleId === 'P402');
    expect(scan.locations[0].physicalLocation.artifactLocation.uri).toBe('my%20dir/.github/workflows/c%20i.yml');
    // `docker scan a/b` on line 6: SARIF columns are 1-based and the end column is exclusive.
    const line6 = '      - run: docker build -t a/b . && docker scan a/b && docker push a/b';
    const col = line6.indexOf('docker scan') + 1;
    expect(scan.locations[0].physicalLocation.region).toEqual({startLine: 6, startColumn: col, endLine: 6, endColumn: col + 'docker scan a/b'.length});
  });

  it('never contains a secret value', () => {
    expect(text).not.toContain(SECRET);
    expect(text).toContain('********');
  });
});

describe('JUnit XML', () => {
  const report = realReport();
  const xml = junitReport(report, {rules: RULES});

  it('has one testsuite per file and one failed testcase per finding', () => {
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)"/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    const paths = [...new Set([...report.files.map((f) => f.path), ...report.findings.map((f) => f.path)])].sort();
    expect(suites.map((s) => s[0])).toEqual(paths.map(xmlEscape));
    for (const [name, tests, failures] of suites) {
      const n = report.findings.filter((f) => xmlEscape(f.path) === name).length;
      expect(failures).toBe(n);
      expect(tests).toBe(Math.max(1, n));
    }
    expect((xml.match(/<failure /g) ?? []).length).toBe(report.findings.length);
    expect(xml).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<testsuites name="shipshape" tests="\\d+" failures="${report.findings.length}" errors="0">`));
  });

  it('gives a file without findings one passing testcase', () => {
    const out = junitReport({files: [{path: 'ok/Dockerfile', kind: 'dockerfile', error: null}], findings: [], skipped: []}, {rules: RULES});
    expect(out).toContain('<testsuite name="ok/Dockerfile" tests="1" failures="0" errors="0" skipped="0">');
    expect(out).toContain('<testcase name="shipshape" classname="ok/Dockerfile" file="ok/Dockerfile"/>');
    expect(out).not.toContain('<failure');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const f = finding({message: 'a <b> & "c" \'d\' \u0001e', path: 'x&y/Dockerfile'});
    const out = junitReport({files: [], findings: [f], skipped: []}, {rules: RULES});
    expect(out).toContain('message="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; e"');
    expect(out).toContain('<testsuite name="x&amp;y/Dockerfile"');
    expect(out).not.toContain('\u0001');
    // Well-formed enough: every open tag is closed, in order.
    const stack: string[] = [];
    for (const m of out.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[3]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    expect(out.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&/);
  });

  it('never contains a secret value', () => {
    expect(xml).not.toContain(SECRET);
  });
});

describe('GitLab Code Quality', () => {
  const report = realReport();
  const issues = JSON.parse(gitlabReport(report));

  it('is an array of issues with the required fields', () => {
    expect(Array.isArray(issues)).toBe(true);
    expect(issues).toHaveLength(report.findings.length);
    for (const [i, f] of report.findings.entries()) {
      const issue = issues[i];
      expect(typeof issue.description).toBe('string');
      expect(issue.description.length).toBeGreaterThan(0);
      expect(issue.check_name).toBe(`${f.rule} ${f.name}`);
      expect(issue.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      expect(issue.severity).toBe(codeQualitySeverity(f.severity));
      expect(issue.location).toEqual({path: f.path, lines: {begin: f.line, end: f.endLine}});
    }
    expect(new Set(issues.map((i: {fingerprint: string}) => i.fingerprint)).size).toBe(issues.length);
  });

  it('maps severities', () => {
    expect((['info', 'low', 'medium', 'high', 'critical'] as Severity[]).map(codeQualitySeverity)).toEqual(['info', 'minor', 'major', 'critical', 'blocker']);
  });

  it('fingerprints are stable across line moves and runs, and differ between findings', () => {
    const a = JSON.parse(gitlabReport({files: [], findings: [finding({line: 3})], skipped: []}))[0].fingerprint;
    const b = JSON.parse(gitlabReport({files: [], findings: [finding({line: 40, endLine: 40})], skipped: []}))[0].fingerprint;
    expect(a).toBe(b);
    const c = JSON.parse(gitlabReport({files: [], findings: [finding({fingerprint: 'P401:other'})], skipped: []}))[0].fingerprint;
    expect(c).not.toBe(a);
  });

  it('hash128 spreads: distinct inputs give distinct hashes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), {minLength: 2, maxLength: 200}), (texts) => {
        expect(new Set(texts.map(hash128)).size).toBe(texts.length);
      }),
      {numRuns: 50},
    );
    expect(hash128('a')).not.toBe(hash128('b'));
    expect(hash128('')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('never contains a secret value', () => {
    expect(JSON.stringify(issues)).not.toContain(SECRET);
  });
});
