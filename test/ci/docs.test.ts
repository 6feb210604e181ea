/** Every pipeline rule reports its own docs Example and not its Use instead (as a workflow file). */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {ciRules} from '../../src/rules/ci/index.js';
import {DOC_HEADINGS} from '../../src/core/rule.js';
import {ruleDocs} from '../../src/report/docs.js';
import {findingsOf} from '../helpers/battery.js';

function block(docs: string, heading: string): string {
  const section = docs.split(/^## /m).find((s) => s.startsWith(heading))!;
  const blocks = section.match(/```/g) ?? [];
  expect(blocks.length, `${heading} holds exactly one code block`).toBe(2);
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error(`no yaml block under ${heading}`);
  return m[1]!;
}

describe.each(ciRules.map((r) => [r.id, r] as const))('%s docs', (id, rule) => {
  it('has every heading in order', () => {
    const positions = DOC_HEADINGS.map((h) => ruleDocs(rule).indexOf(`## ${h}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
  it('reports its Example and not its Use instead', () => {
    for (const [heading, reports] of [['Example', true], ['Use instead', false]] as const) {
      const text = block(rule.docs, heading);
      const project = buildProject(['.'], [{path: '.github/workflows/example.yml', kind: 'ci', text}]);
      expect(project.failures, `${heading} parses`).toEqual([]);
      expect(findingsOf(project, id).length > 0, `${heading} ${reports ? 'reports' : 'does not report'}`).toBe(reports);
    }
  });
});
