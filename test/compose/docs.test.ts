/** Every Compose rule reports its own docs Example and not its Use instead; both are valid Compose. */
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {composeRules} from '../../src/rules/compose/index.js';
import {findingsOf} from '../helpers/battery.js';
import {composeSchemaErrors} from '../helpers/compose-schema.js';

function block(docs: string, heading: string): string {
  const section = docs.split(/^## /m).find((s) => s.startsWith(heading))!;
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error(`no yaml block under ${heading}`);
  return m[1]!;
}

describe.each(composeRules.map((r) => [r.id, r] as const))('%s docs', (id, rule) => {
  it('reports its Example and not its Use instead', () => {
    for (const [heading, reports] of [['Example', true], ['Use instead', false]] as const) {
      const text = block(rule.docs, heading);
      expect(composeSchemaErrors(text), `${heading} is valid Compose`).toEqual([]);
      const project = buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text}]);
      expect(findingsOf(project, id).length > 0, `${heading} ${reports ? 'reports' : 'does not report'}`).toBe(reports);
    }
  });
});
