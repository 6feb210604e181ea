import {SecretMask} from '../../src/core/mask.js';
import {describe, expect, it} from 'vitest';
import {fileDiff, colorDiff} from '../../src/report/diff.js';
import {jsonReport} from '../../src/report/json.js';
import {textReport} from '../../src/report/text.js';
import {palette} from '../../src/report/color.js';
import type {Finding} from '../../src/core/model.js';
import {hashText} from '../../src/core/text.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'D101',
  name: 'root-user',
  severity: 'high',
  path: 'api/Dockerfile',
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 10,
  start: 0,
  end: 0,
  message: 'runs as root',
  fingerprint: 'D101:api/Dockerfile:stage[final]',
  fix: {title: 'add a user', safety: 'unsafe', params: [], edits: () => []},
  references: ['hadolint:DL3002'],
  secrets: [],
  secretLines: [],
  ...over,
});

describe('unified diff', () => {
  it('uses a/ b/ paths, /dev/null for created files, and masks secrets', () => {
    const changed = fileDiff({path: 'compose.yaml', before: 'a: 1\npw: hunter2!\n', after: 'a: 1\n', beforeHash: hashText(''), existed: true, applied: []}, new SecretMask([{file: 'compose.yaml', line: 'pw: hunter2!', value: 'hunter2!'}]));
    expect(changed).toBe('--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,2 +1,1 @@\n a: 1\n-pw: ********\n');
    const created = fileDiff({path: 'secrets/pw', before: '', after: 'hunter2!', beforeHash: '', existed: false, applied: []}, new SecretMask([{file: 'secrets/pw', line: null, value: 'hunter2!'}]));
    expect(created).toMatch(/^--- \/dev\/null\n\+\+\+ b\/secrets\/pw\n/);
    expect(created).not.toContain('hunter2!');
  });

  it('colours only when asked, and monochrome output still shows + and -', () => {
    const diff = '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n';
    const plain = palette(false);
    expect(colorDiff(diff, {added: plain.green, removed: plain.red, hunk: plain.cyan, header: plain.bold})).toBe(diff);
    const c = palette(true);
    expect(colorDiff(diff, {added: c.green, removed: c.red, hunk: c.cyan, header: c.bold})).toContain('\u001B[32m+new\u001B[39m');
  });
});

describe('json report', () => {
  it('follows the contract shape', () => {
    const out = JSON.parse(jsonReport({files: [{path: 'api/Dockerfile', kind: 'dockerfile', error: null}], findings: [finding({}), finding({rule: 'D103', severity: 'medium', fix: {title: 't', safety: 'unsafe', params: [], needsInput: ['tag'], edits: () => []}})], skipped: []}));
    expect(out.version).toBe(1);
    expect(out.findings[0]).toEqual({
      rule: 'D101',
      name: 'root-user',
      severity: 'high',
      path: 'api/Dockerfile',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: 10,
      message: 'runs as root',
      fingerprint: 'D101:api/Dockerfile:stage[final]',
      fix: {safety: 'unsafe', title: 'add a user'},
      references: ['hadolint:DL3002'],
    });
    expect(out.findings[1].fix.needsInput).toEqual(['tag']);
    expect(out.summary).toEqual({files: 1, findings: 2, bySeverity: {high: 1, medium: 1}, byRule: {D101: 1, D103: 1}});
  });

  it('says how sure a finding that reads an image profile is', () => {
    const out = JSON.parse(jsonReport({files: [], findings: [finding({rule: 'C201', certainty: 'not-known'}), finding({})], skipped: []}));
    expect(out.findings[0].certainty).toBe('not-known');
    expect('certainty' in out.findings[1]).toBe(false);
    const text = textReport({files: [], findings: [finding({rule: 'C201', certainty: 'not-known'}), finding({rule: 'C203', certainty: 'known'})], skipped: []}, {palette: palette(false)});
    expect(text).toContain('C201  runs as root [not known] (fix: unsafe)');
    expect(text).toContain('C203  runs as root [known profile] (fix: unsafe)');
  });
});

describe('text report', () => {
  it('groups by file, summarises, and hints at the fix commands', () => {
    const out = textReport({files: [{path: 'api/Dockerfile', kind: 'dockerfile', error: null}], findings: [finding({}), finding({rule: 'D113', severity: 'low', line: 9, fix: {title: 't', safety: 'safe', params: [], edits: () => []}})], skipped: []}, {palette: palette(false)});
    expect(out).toContain('api/Dockerfile\n  3:1     high     D101  runs as root (fix: unsafe)');
    expect(out).toContain('✖ 2 findings (1 high, 1 low) in 1 file');
    expect(out).toContain('1 fixable with `shipshape fix --write`');
    expect(out).toContain('1 more with `shipshape fix --write --unsafe`');
    expect(textReport({files: [], findings: [], skipped: []}, {palette: palette(false)})).toBe('✔ No findings in 0 files.\n');
  });
});
