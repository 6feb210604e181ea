/**
 * Every Dockerfile rule's fixes (unsafe included) over a corpus of real-looking Dockerfiles
 * (fixtures/dockerfiles): each result parses, the plan reaches a fixpoint, a second fix changes
 * nothing and no edit re-emits a line it does not change (test/helpers/battery.ts). Once with the
 * parameter defaults (what `fix --write --unsafe` does), once with the values only a person gives
 * (an image tag, a health check command), as the wizard does.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {classify} from '../../src/core/classify.js';
import {RULES} from '../../src/rules/registry.js';
import {findingsOf, runBattery, toCrlf} from '../helpers/battery.js';

const DIR = join(import.meta.dirname, '../../fixtures/dockerfiles');
const files = readdirSync(DIR).filter((f) => !f.endsWith('.md')).sort();
const dockerfileRules = new Set(RULES.filter((r) => r.kind === 'dockerfile').map((r) => r.id));

describe('Dockerfile corpus', () => {
  it('has at least 40 Dockerfiles that discovery classifies as Dockerfiles', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of files) {
      expect(file, 'corpus files are not rule fixtures').not.toMatch(/^(bad|ok)-/);
      expect(classify(file, ''), file).toEqual({kind: 'dockerfile'});
    }
  });

  it('finds something to fix in most files (the corpus exercises the rules)', () => {
    let withFixes = 0;
    const ids = new Set<string>();
    for (const file of files) {
      const project = buildProject(['.'], [{path: file, kind: 'dockerfile', text: readFileSync(join(DIR, file), 'utf8')}]);
      const findings = [...dockerfileRules].flatMap((id) => findingsOf(project, id));
      if (findings.some((f) => f.fix)) withFixes++;
      for (const f of findings) ids.add(f.rule);
    }
    expect(withFixes).toBeGreaterThanOrEqual(Math.floor(files.length * 0.8));
    for (const id of ['D103', 'D104', 'D106', 'D107', 'D109', 'D110', 'D111', 'D112', 'D113', 'D114', 'D115', 'D116', 'D117', 'D118', 'D119', 'D120', 'D121']) {
      expect(ids.has(id), `${id} is exercised by the corpus`).toBe(true);
    }
  });

  for (const file of files) {
    const text = readFileSync(join(DIR, file), 'utf8');
    it(`${file}: fix --write --unsafe is parseable, converges, idempotent and minimal`, () => {
      runBattery([{path: file, kind: 'dockerfile', text}], {only: dockerfileRules, unsafe: true});
    });
    it(`${file}: the CRLF variant gives the CRLF of the same result`, () => {
      const lf = runBattery([{path: file, kind: 'dockerfile', text}], {only: dockerfileRules, unsafe: true});
      const crlf = runBattery([{path: file, kind: 'dockerfile', text: toCrlf(text)}], {only: dockerfileRules, unsafe: true});
      const after = (plan: typeof lf) => new Map(plan.files.map((f) => [f.path, f.after]));
      const expected = new Map([...after(lf)].map(([path, t]) => [path, toCrlf(t)]));
      expect(after(crlf)).toEqual(expected);
    });
    it(`${file}: with a tag, a health check command and file secret mounts as well`, () => {
      runBattery([{path: file, kind: 'dockerfile', text}], {only: dockerfileRules, unsafe: true, params: {tag: '1.0', healthcheck: 'true', secretMount: 'file'}});
    });
  }
});
