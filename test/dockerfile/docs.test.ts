/** D101/D102 report their own docs Example and not their Use instead; the Example's fix gives a file the rule accepts. */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {d101RootUser} from '../../src/rules/dockerfile/d101-root-user.js';
import {d102UserNotNumeric} from '../../src/rules/dockerfile/d102-user-not-numeric.js';
import {findingsOf, fixProject} from '../helpers/battery.js';

function block(docs: string, heading: string): string {
  const section = docs.split(/^## /m).find((s) => s.startsWith(heading))!;
  const m = /```dockerfile\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error(`no dockerfile block under ${heading}`);
  return m[1]!;
}

describe.each([d101RootUser, d102UserNotNumeric].map((r) => [r.id, r] as const))('%s docs', (id, rule) => {
  it('reports its Example and not its Use instead', () => {
    for (const [heading, reports] of [['Example', true], ['Use instead', false]] as const) {
      const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: block(rule.docs, heading)}]);
      expect(findingsOf(project, id).length > 0, `${heading} ${reports ? 'reports' : 'does not report'}`).toBe(reports);
    }
  });
  it('fixes its Example into its Use instead', () => {
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: block(rule.docs, 'Example')}]);
    const after = fixProject(project, {only: new Set([id])}).files[0]?.after;
    expect(after).toBe(block(rule.docs, 'Use instead'));
  });
});
