/** Secret values found by D106 never appear in a message or advice, and every literal is listed for masking. */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {RULES} from '../../src/rules/registry.js';

const ROOT = join(import.meta.dirname, '../../fixtures');
const files = [
  ...readdirSync(join(ROOT, 'dockerfiles')).map((f) => join(ROOT, 'dockerfiles', f)),
  ...readdirSync(join(ROOT, 'rules/D106')).filter((f) => f.endsWith('.Dockerfile')).map((f) => join(ROOT, 'rules/D106', f)),
];

describe('D106 keeps secret values out of messages', () => {
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    const findings = runRules(project, {rules: RULES}).findings;
    const secrets = findings.flatMap((f) => f.secrets);
    for (const f of findings) {
      for (const secret of secrets) {
        expect(f.message.includes(secret), `${f.rule} message shows a secret`).toBe(false);
        expect((f.advice ?? '').includes(secret), `${f.rule} advice shows a secret`).toBe(false);
      }
    }
  });

  it('lists the literal value of each reported ENV/ARG for masking', () => {
    const text = 'FROM alpine:3.20\nENV API_KEY=a8f5f167f44f4964e6c998dee827110c\nARG GITHUB_TOKEN\nENV GH=ghp_0123456789abcdefghijABCDEFGHIJ012345\n';
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    const d106 = runRules(project, {rules: RULES}).findings.filter((f) => f.rule === 'D106');
    expect(d106.map((f) => f.secrets)).toEqual([['a8f5f167f44f4964e6c998dee827110c'], [], ['ghp_0123456789abcdefghijABCDEFGHIJ012345']]);
  });
});
