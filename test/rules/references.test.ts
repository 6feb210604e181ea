/**
 * One docs style: every rule writes the same sections, and References is generated from its peer
 * ids and links, so a peer is written once. `explain`, the wizard and SARIF use the generated text.
 */
import {describe, expect, it} from 'vitest';
import {markdownHeadings, WRITTEN_HEADINGS, DOC_HEADINGS} from '../../src/core/rule.js';
import {PEER_TOOLS, peerRef} from '../../src/knowledge/peers.js';
import {plainLinks, referenceLines, ruleDocs} from '../../src/report/docs.js';
import {sarifReport} from '../../src/report/sarif.js';
import {RULES} from '../../src/rules/registry.js';

describe.each(RULES.map((r) => [r.id, r] as const))('%s references', (_id, rule) => {
  it('writes exactly the sections, and the generated docs have every heading once, in order', () => {
    expect(markdownHeadings(rule.docs)).toEqual(WRITTEN_HEADINGS.map((title) => ({level: 2, title})));
    expect(markdownHeadings(ruleDocs(rule))).toEqual(DOC_HEADINGS.map((title) => ({level: 2, title})));
  });

  it('names known peers, links each where the peer documents it, and writes no peer id in its own text', () => {
    for (const reference of rule.references) {
      const peer = peerRef(reference, rule.kind);
      expect(peer, `${reference} names one of ${PEER_TOOLS.join(', ')}`).not.toBeNull();
      expect(peer!.url, `${reference} has a page`).toMatch(/^https:\/\/\S+$/);
      expect(rule.docs, `${reference} is generated, not written`).not.toContain(peer!.id);
    }
    const generated = referenceLines(rule).join('\n');
    for (const url of Object.values(rule.links ?? {})) expect(generated.split(url).length - 1, url).toBe(1);
  });
});

describe('generated references', () => {
  const byId = (id: string) => RULES.find((r) => r.id === id)!;

  it('group a tool\'s ids, share one link where the tool has one page for them, then list the links', () => {
    expect(referenceLines(byId('D118'))).toEqual([
      '- hadolint: [DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)',
      '- Trivy: [DS-0032](https://avd.aquasec.com/misconfig/ds032)',
      '- [Dockerfile best practices: using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)',
    ]);
    expect(referenceLines(byId('D101')).slice(0, 2)).toEqual([
      '- hadolint: [DL3002](https://github.com/hadolint/hadolint/wiki/DL3002)',
      '- Checkov: [CKV_DOCKER_3, CKV_DOCKER_8](https://www.checkov.io/5.Policy%20Index/dockerfile.html)',
    ]);
    expect(referenceLines(byId('K301'))).toContain('- Trivy: [AVD-KSV-0012](https://avd.aquasec.com/misconfig/ksv012)');
    expect(referenceLines(byId('C211'))).toContain('- KICS: [a88baa34-e2ad-44ea-ad6f-8cac87bc7c71](https://docs.kics.io/latest/queries/common-queries/a88baa34-e2ad-44ea-ad6f-8cac87bc7c71/)');
  });

  it('SARIF carries the generated docs as help, with plain links in the text form', () => {
    const sarif = JSON.parse(sarifReport({files: [], findings: [], skipped: []}, {rules: RULES}));
    const d118 = sarif.runs[0].tool.driver.rules.find((r: {id: string}) => r.id === 'D118');
    expect(d118.help.markdown).toBe(ruleDocs(byId('D118')));
    expect(d118.help.text).toBe(plainLinks(ruleDocs(byId('D118'))));
    expect(d118.help.text).toContain('DL4006 <https://github.com/hadolint/hadolint/wiki/DL4006>');
  });
});
