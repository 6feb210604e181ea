import {describe, expect, it} from 'vitest';
import {defineRule} from '../../src/core/rule.js';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {plan} from '../../src/core/plan.js';
import {Session} from '../../src/core/session.js';
import {s001UnusedSuppression} from '../../src/rules/any/s001-unused-suppression.js';

const DOCS = `## What it does\nx\n## Why it matters\nx\n## Example\nx\n## Use instead\nx\n## Fix safety\nx\n`;

/** Reports every `RUN bad` (Dockerfile) or `bad: true` (YAML) line. */
const badRun = defineRule({
  id: 'T801',
  name: 'bad-run',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'bad run',
  docs: DOCS,
  references: ['hadolint:DL9999', 'checkov:CKV_DOCKER_99'],
  fix: null,
  *check(source) {
    for (const i of source.dockerfile.ast.getInstructions()) {
      if (i.getKeyword() === 'RUN' && /\bbad\b/.test(i.getArgumentsContent() ?? '')) {
        const start = source.lines.offset(i.getRange().start.line, i.getRange().start.character);
        yield {start, end: start + 3, message: 'bad', locator: `run[${i.getRange().start.line}]`};
      }
    }
  },
});
const badKey = defineRule({
  id: 'T802',
  name: 'bad-key',
  kind: 'compose',
  severity: 'medium',
  title: 'bad key',
  docs: DOCS,
  references: [],
  fix: null,
  *check(source) {
    for (let line = 0; line < source.lines.lineCount; line++) {
      const m = /bad: true/.exec(source.lines.lineText(line));
      if (m) yield {start: source.lines.lineStart(line) + m.index, end: source.lines.lineStart(line) + m.index + 3, message: 'bad', locator: `line[${line}]`};
    }
  },
});
const rules = [badRun, badKey, s001UnusedSuppression];

function findings(path: string, kind: 'dockerfile' | 'compose', text: string) {
  return runRules(buildProject(['.'], [{path, kind, text}]), {rules}).findings;
}

describe('inline suppressions', () => {
  it('a shipshape-ignore on the line before, or at the end of the line, suppresses that finding only', () => {
    const text = 'FROM scratch\n# shipshape-ignore T801 -- known\nRUN bad\nRUN bad # shipshape-ignore T801\nRUN bad\n';
    expect(findings('Dockerfile', 'dockerfile', text).map((f) => `${f.rule}:${f.line}`)).toEqual(['T801:5']);
  });

  it('applies to the whole instruction of a multi-line RUN and skips stacked comments', () => {
    const text = 'FROM scratch\n# shipshape-ignore T801\n# another comment\nRUN echo a \\\n  && bad\n';
    expect(findings('Dockerfile', 'dockerfile', text)).toEqual([]);
  });

  it('honours hadolint and checkov pragmas through references, and the file-wide form', () => {
    expect(findings('Dockerfile', 'dockerfile', 'FROM scratch\n# hadolint ignore=DL3008,DL9999\nRUN bad\nRUN bad\n').map((f) => f.line)).toEqual([4]);
    expect(findings('Dockerfile', 'dockerfile', 'FROM scratch\nRUN bad\n#checkov:skip=CKV_DOCKER_99:reason\nRUN bad\n')).toEqual([]);
    expect(findings('Dockerfile', 'dockerfile', '# shipshape-ignore-file T801\nFROM scratch\nRUN bad\nRUN bad\n')).toEqual([]);
    expect(findings('Dockerfile', 'dockerfile', 'FROM scratch\n# hadolint global ignore=DL9999\nRUN bad\nRUN bad\n')).toEqual([]);
  });

  it('works the same in YAML', () => {
    const text = 'services:\n  web:\n    # shipshape-ignore T802 -- legacy\n    bad: true\n  db:\n    bad: true\n';
    expect(findings('compose.yaml', 'compose', text).map((f) => f.line)).toEqual([6]);
  });

  it('reports a suppression that suppresses nothing (S001) with a fix that removes it', () => {
    const text = 'FROM scratch\n# shipshape-ignore T801 -- stale\nRUN good\nRUN ok # shipshape-ignore T801\n';
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    const found = runRules(project, {rules}).findings;
    expect(found.map((f) => `${f.rule}:${f.line}`)).toEqual(['S001:2', 'S001:4']);
    const result = plan(project, {rules, select: () => ({})});
    expect(result.files[0]!.after).toBe('FROM scratch\nRUN good\nRUN ok\n');
  });

  it('does not call a suppression unused when its rule did not run', () => {
    const text = 'FROM scratch\n# shipshape-ignore T801\nRUN good\n';
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    expect(runRules(project, {rules, only: new Set(['T802'])}).findings).toEqual([]);
    expect(runRules(project, {rules, config: {ignore: [], rules: {T801: 'off'}, defaults: {}, failOn: 'low'}}).findings).toEqual([]);
  });

  it("the wizard's ignore-here writes a pragma before the finding's instruction, with its indentation, CRLF kept", () => {
    const text = 'FROM scratch\r\nRUN echo a \\\r\n  && bad\r\n';
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
    const session = new Session(project, rules);
    const [finding] = session.findings;
    const result = session.preview({accepted: new Map(), ignored: new Set([finding!.fingerprint])});
    expect(result.files[0]!.after).toBe('FROM scratch\r\n# shipshape-ignore T801 -- reviewed with shipshape\r\nRUN echo a \\\r\n  && bad\r\n');
    expect(result.remaining).toEqual([]);
    const yaml = new Session(buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text: 'services:\n  web:\n    bad: true\n'}]), rules);
    const out = yaml.preview({accepted: new Map(), ignored: new Set([yaml.findings[0]!.fingerprint])});
    expect(out.files[0]!.after).toBe('services:\n  web:\n    # shipshape-ignore T802 -- reviewed with shipshape\n    bad: true\n');
  });

  it('applies a config severity override and turns rules off', () => {
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM scratch\nRUN bad\n'}]);
    const config = {ignore: [], rules: {T801: 'critical' as const}, defaults: {}, failOn: 'low' as const};
    expect(runRules(project, {rules, config}).findings[0]!.severity).toBe('critical');
  });
});
