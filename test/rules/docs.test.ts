/**
 * Every registered rule's docs: the fixed headings in order, one fenced block under Example and one
 * under Use instead; the rule reports its Example and does not report its Use instead
 * (```dockerfile blocks are Dockerfiles; ```yaml blocks are the rule's own kind).
 */
import {describe, expect, it} from 'vitest';
import type {Kind} from '../../src/core/model.js';
import {buildProject} from '../../src/core/project.js';
import {DOC_HEADINGS, type Rule} from '../../src/core/rule.js';
import {RULES} from '../../src/rules/registry.js';
import {ruleDocs} from '../../src/report/docs.js';
import {findingsOf} from '../helpers/battery.js';

const PATH_OF: Record<Kind, string> = {
  dockerfile: 'Dockerfile',
  compose: 'compose.yaml',
  kubernetes: 'k8s/app.yaml',
  ci: '.github/workflows/ci.yml',
  script: 'deploy.sh',
};

function section(docs: string, heading: string): string {
  const parts = docs.split(/^## /m);
  const found = parts.find((s) => s.startsWith(`${heading}\n`) || s.startsWith(`${heading}\r\n`));
  if (!found) throw new Error(`no "## ${heading}" section`);
  return found;
}

function blocks(text: string): Array<{lang: string; code: string}> {
  return [...text.matchAll(/^```([a-z]*)\r?\n([\s\S]*?)^```/gm)].map((m) => ({lang: m[1]!, code: m[2]!}));
}

function kindOf(rule: Rule, lang: string): Kind {
  if (lang === 'dockerfile') return 'dockerfile';
  if (lang === 'sh') return 'script';
  return rule.kind === 'dockerfile' || rule.kind === 'any' ? 'compose' : rule.kind;
}

describe.each(RULES.map((r) => [r.id, r] as const))('%s docs', (id, rule) => {
  it('has the fixed headings in order', () => {
    const order = DOC_HEADINGS.map((h) => ruleDocs(rule).search(new RegExp(`^## ${h}\\s*$`, 'm')));
    expect(order.every((i) => i >= 0), `headings ${DOC_HEADINGS.join(', ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  for (const [heading, reports] of [['Example', true], ['Use instead', false]] as const) {
    it(`${reports ? 'reports' : 'does not report'} its ${heading}`, () => {
      const found = blocks(section(rule.docs, heading));
      expect(found.length, `one code block under ${heading}`).toBe(1);
      const {lang, code} = found[0]!;
      expect(['dockerfile', 'yaml', 'sh']).toContain(lang);
      const kind = kindOf(rule, lang);
      const project = buildProject(['.'], [{path: PATH_OF[kind], kind, text: code}]);
      expect(project.failures.map((f) => f.message), `${heading} parses`).toEqual([]);
      const findings = findingsOf(project, id).map((f) => `${f.line}: ${f.message}`);
      if (reports) expect(findings.length, `${heading} reports ${id}`).toBeGreaterThan(0);
      else expect(findings, `${heading} does not report ${id}`).toEqual([]);
    });
  }
});
