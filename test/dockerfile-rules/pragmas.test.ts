/** Users coming from hadolint keep their pragmas: `# hadolint ignore=DL…` silences the matching D1xx rule. */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {RULES} from '../../src/rules/registry.js';

function rulesReported(text: string): string[] {
  const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
  return [...new Set(runRules(project, {rules: RULES}).findings.map((f) => f.rule))].sort();
}

describe('peer pragmas on Dockerfile rules', () => {
  const run = 'RUN apt-get update && apt-get install -y curl';
  it('reports D110 and D111 without a pragma', () => {
    expect(rulesReported(`FROM debian:12\n${run}\n`)).toEqual(expect.arrayContaining(['D110', 'D111']));
  });
  it('hadolint ignore=DL3015,DL3009 silences D110 and D111 on the next instruction', () => {
    const reported = rulesReported(`FROM debian:12\n# hadolint ignore=DL3015,DL3009\n${run}\n`);
    expect(reported).not.toContain('D110');
    expect(reported).not.toContain('D111');
  });
  it('shipshape-ignore D110 silences only D110', () => {
    const reported = rulesReported(`FROM debian:12\n# shipshape-ignore D110 -- recommends needed\n${run}\n`);
    expect(reported).not.toContain('D110');
    expect(reported).toContain('D111');
  });
  it('hadolint ignore=DL3006 silences D103 on its FROM', () => {
    expect(rulesReported('# hadolint ignore=DL3006\nFROM ubuntu\n')).not.toContain('D103');
    expect(rulesReported('FROM ubuntu\n')).toContain('D103');
  });
});
