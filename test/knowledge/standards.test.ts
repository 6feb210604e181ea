import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {STANDARDS, SAFE_SYSCTLS_SINCE} from '../../src/knowledge/standards/controls.js';
import {controlOf, coverage, findStandard, parseControlRef} from '../../src/knowledge/standards/coverage.js';
import {coverageJson, coverageMarkdown, coverageText} from '../../src/report/coverage.js';
import {palette} from '../../src/report/color.js';
import {RULES} from '../../src/rules/registry.js';
import {sarifReport} from '../../src/report/sarif.js';

const covered = (id: string) => coverage(findStandard(id)!, RULES);

describe('the control lists', () => {
  it('have unique ids, titles and named sources; out-of-scope controls say why', () => {
    for (const s of STANDARDS) {
      const ids = s.controls.map((c) => c.id);
      expect(new Set(ids).size, `${s.id} ids unique`).toBe(ids.length);
      expect(s.sources.length).toBeGreaterThan(0);
      for (const c of s.controls) {
        expect(c.title.trim(), `${s.id}:${c.id}`).not.toBe('');
        if (c.scope === 'out') expect(c.why, `${s.id}:${c.id} says why it is out of scope`).toBeTruthy();
      }
    }
  });

  it('count what the documents list: PSS 12 + 7 (v1.37), CIS Docker §4 12 and §5 32 (28 config-level), NSA 27 (16 manifest-level), CIS Kubernetes §5 34 (21 workload/namespace)', () => {
    const count = (id: string, filter: (c: {id: string; scope: string}) => boolean = () => true) => findStandard(id)!.controls.filter(filter).length;
    expect(count('pss', (c) => c.id.startsWith('baseline/'))).toBe(12);
    expect(count('pss', (c) => c.id.startsWith('restricted/'))).toBe(7);
    expect(count('cis-docker', (c) => c.id.startsWith('4.'))).toBe(12);
    expect(count('cis-docker', (c) => c.id.startsWith('5.') && c.scope === 'config')).toBe(28);
    expect(count('nsa')).toBe(27);
    expect(count('nsa', (c) => c.scope === 'config')).toBe(16);
    expect(count('cis-k8s')).toBe(34);
    expect(count('cis-k8s', (c) => c.scope === 'config')).toBe(21);
    expect(SAFE_SYSCTLS_SINCE['net.ipv4.tcp_slow_start_after_idle']).toBe('1.37');
    expect(SAFE_SYSCTLS_SINCE['net.ipv4.tcp_notsent_lowat']).toBe('1.37');
  });

  it('read control references and standard names', () => {
    expect(parseControlRef('cis-k8s:5.2.5')).toEqual({standard: 'cis-k8s', id: '5.2.5'});
    expect(controlOf('pss:restricted/capabilities')?.control.title).toMatch(/Capabilities/);
    expect(controlOf('cis-docker:5.99')).toBeNull();
    expect(findStandard('CIS Docker')?.id).toBe('cis-docker');
    expect(findStandard('pod-security-standards')?.id).toBe('pss');
  });
});

describe('coverage of the rules', () => {
  it('covers every config-level control of the four standards', () => {
    for (const id of ['pss', 'cis-docker', 'nsa', 'cis-k8s']) {
      const cov = covered(id);
      expect(cov.inScope.filter((c) => c.rules.length === 0).map((c) => c.control.id), `${id} not covered`).toEqual([]);
    }
  });

  it('counts controls covered only partly apart, each saying how, in the text, the JSON and the README', () => {
    for (const s of STANDARDS) for (const c of s.controls) if (c.partly) expect(c.scope, `${s.id}:${c.id} partly is for config-level controls`).toBe('config');
    const docker = covered('cis-docker');
    expect([docker.covered, docker.partial]).toEqual([40, 5]);
    expect(docker.inScope.filter((c) => c.control.partly).map((c) => c.control.id)).toEqual(['4.2', '4.3', '4.4', '4.5', '5.9']);
    const text = coverageText(docker, palette(false));
    expect(text).toContain('40/40 controls a repository\'s files decide are covered (5 partial; §4 12/12, 4 partial; §5 28/28, 1 partial)');
    expect(text).toMatch(/◐ 4\.2 +Ensure that containers use only trusted base images  D103 D104 D105\n +partly: a base image must be pinned/);
    expect(text).toMatch(/✓ 4\.1 /);
    const json = JSON.parse(coverageJson([docker])) as Array<{partial: number; controls: Array<{id: string; partly?: string}>}>;
    expect(json[0]!.partial).toBe(5);
    expect(json[0]!.controls.find((c) => c.id === '5.9')!.partly).toMatch(/only its owner knows/);
    expect(coverageMarkdown([covered('pss')])).toContain('| 19/19 (baseline 12/12, restricted 7/7) | — | — | 0 |');
  });

  it('is the table the README shows', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const table = /<!-- coverage table[^>]*-->\n([\s\S]*?)\n<!-- end coverage table -->/.exec(readme)?.[1];
    expect(table, 'README has the coverage table').toBeDefined();
    expect(table).toBe(coverageMarkdown(STANDARDS.map((s) => coverage(s, RULES))));
  });

  it('reaches SARIF as rule tags', () => {
    const rule = RULES.find((r) => r.id === 'C209')!;
    const finding = {rule: 'C209', name: rule.name, severity: rule.severity, path: 'compose.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0, message: 'm', fingerprint: 'f', fix: null, references: [], secrets: []};
    const sarif = JSON.parse(sarifReport({findings: [finding], files: []} as never, {rules: RULES})) as {runs: Array<{tool: {driver: {rules: Array<{id: string; properties: {tags: string[]}}>}}}>};
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'C209')!.properties.tags).toContain('cis-docker:5.29');
  });
});
