import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {defineRule, type Rule} from '../../src/core/rule.js';
import type {Finding, FindingDraft} from '../../src/core/model.js';
import {buildProject} from '../../src/core/project.js';
import {extendPlan, mapOffset, plan, pickNonConflicting} from '../../src/core/plan.js';
import {services} from '../../src/formats/yaml/compose.js';
import {setIn} from '../../src/formats/yaml/edit.js';
import {lookup, lookupPath, scalarOf} from '../../src/formats/yaml/nodes.js';
import type {DockerfileSource} from '../../src/core/source.js';

const DOCS = `## What it does\nx\n## Why it matters\nx\n## Example\nx\n## Use instead\nx\n## Fix safety\nx\n`;

function lineRule(id: string, name: string, re: RegExp, fixFor: (s: DockerfileSource, lineStart: number, m: RegExpExecArray, line: number) => FindingDraft['fix']): Rule<'dockerfile'> {
  return defineRule({
    id,
    name,
    kind: 'dockerfile',
    severity: 'low',
    title: name,
    docs: DOCS,
    references: [],
    fix: 'safe',
    *check(source) {
      for (let line = 0; line < source.lines.lineCount; line++) {
        const text = source.lines.lineText(line);
        const m = re.exec(text);
        if (!m) continue;
        const start = source.lines.lineStart(line);
        yield {start: start + m.index, end: start + m.index + m[0].length, message: name, locator: `line-tag[${/t\d+/.exec(text)?.[0] ?? line}]`, fix: fixFor(source, start, m, line)};
      }
    },
  });
}

/** `todo` -> `done`; with `+` also inserts a line after (a fix with two edits). */
const todoRule = lineRule('T901', 'todo', /\btodo\b/, (s, lineStart, m, line) => ({
  title: 'mark done',
  safety: 'safe',
  params: [],
  edits: () => {
    const edits = [{file: s.path, start: lineStart + m.index, end: lineStart + m.index + 4, text: 'done'}];
    if (s.lines.lineText(line).endsWith('+')) edits.push({file: s.path, start: s.lines.nextLineStart(line), end: s.lines.nextLineStart(line), text: `# added ${/t\d+/.exec(s.lines.lineText(line))![0]}${s.eol}`});
    return edits;
  },
}));

/** `!` right after a word is removed: touches the `todo` edit, so it must wait a pass. */
const bangRule = lineRule('T902', 'bang', /!/, (s, lineStart, m) => ({
  title: 'drop bang',
  safety: 'safe',
  params: [],
  edits: () => [{file: s.path, start: lineStart + m.index, end: lineStart + m.index + 1, text: ''}],
}));

const breakRule = lineRule('T903', 'breaker', /# break/, (s, lineStart) => ({
  title: 'breaks the file',
  safety: 'safe',
  params: [],
  edits: () => [{file: s.path, start: lineStart, end: lineStart, text: `RUN <<EOF${s.eol}`}],
}));

const flipRule = lineRule('T904', 'flip', /\b(ping|pong)\b/, (s, lineStart, m) => ({
  title: 'flip',
  safety: 'safe',
  params: [],
  edits: () => [{file: s.path, start: lineStart + m.index, end: lineStart + m.index + 4, text: m[1] === 'ping' ? 'pong' : 'ping'}],
}));

const RULES = [todoRule, bangRule, breakRule, flipRule];
const all = () => ({});

function project(text: string) {
  return buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]);
}

const lineKinds = fc.array(fc.constantFrom('plain', 'todo', 'todo!', 'todo +', 'todo! +'), {minLength: 1, maxLength: 25});

function render(kinds: string[], eol: string): string {
  return `FROM scratch${eol}` + kinds.map((k, i) => (k === 'plain' ? `# plain ${i}` : `# t${i} ${k}`) + eol).join('');
}

function expected(kinds: string[], eol: string): string {
  return (
    `FROM scratch${eol}` +
    kinds
      .map((k, i) => {
        if (k === 'plain') return `# plain ${i}${eol}`;
        const line = `# t${i} ${k.replace('todo', 'done').replace('!', '')}${eol}`;
        return k.endsWith('+') ? `${line}# added t${i}${eol}` : line;
      })
      .join('')
  );
}

describe('plan (fix passes)', () => {
  it('applies every selected fix, deferring touching ones to a later pass, and reaches a fixpoint', () => {
    fc.assert(
      fc.property(lineKinds, fc.constantFrom('\n', '\r\n'), (kinds, eol) => {
        const result = plan(project(render(kinds, eol)), {rules: RULES, select: all});
        const after = result.files[0]?.after ?? render(kinds, eol);
        expect(after).toBe(expected(kinds, eol));
        expect(result.converged).toBe(true);
        expect(result.skipped).toEqual([]);
        expect(result.passes).toBeLessThanOrEqual(2);
        if (kinds.some((k) => k.includes('!'))) expect(result.passes).toBe(2);
        // Idempotence: a second plan on the result changes nothing.
        const again = plan(project(after), {rules: RULES, select: all});
        expect(again.files).toEqual([]);
      }),
      {numRuns: 150},
    );
  });

  it('never applies two overlapping or touching edits in one pass, unless they are the same edit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(5), fc.constantFrom('x', 'y')), {maxLength: 30}), (ranges) => {
        const candidates = ranges.map(([s, len, text], i) => ({id: i, edits: [{file: 'f', start: s, end: s + len, text}]}));
        const chosen = pickNonConflicting(candidates);
        const fits = (a: {start: number; end: number; text: string}, b: {start: number; end: number; text: string}) =>
          a.end < b.start || b.end < a.start || (a.start === b.start && a.end === b.end && a.text === b.text);
        for (const a of chosen) for (const b of chosen) if (a !== b) expect(fits(a.edits[0]!, b.edits[0]!)).toBe(true);
        // Greedy in order: the first candidate is always taken, and so is every one that fits those taken.
        if (candidates.length > 0) expect(chosen[0]).toBe(candidates[0]);
        for (const c of candidates) if (!chosen.includes(c)) expect(chosen.some((o) => !fits(o.edits[0]!, c.edits[0]!))).toBe(true);
      }),
    );
  });

  it('only applies what is selected, with the selected parameters', () => {
    const text = render(['todo', 'todo'], '\n');
    const result = plan(project(text), {rules: RULES, select: (f) => (f.fingerprint.includes('t0') ? {} : null)});
    expect(result.files[0]!.after).toBe('FROM scratch\n# t0 done\n# t1 todo\n');
    expect(result.remaining.map((f) => f.fingerprint)).toEqual(['T901:Dockerfile:line-tag[t1]']);
  });

  it('reverts a fix that makes the file unparsable and keeps the others', () => {
    const text = 'FROM scratch\n# t0 todo\n# break\n';
    const result = plan(project(text), {rules: RULES, select: all});
    expect(result.files[0]!.after).toBe('FROM scratch\n# t0 done\n# break\n');
    expect(result.skipped.map((s) => [s.rule, s.reason])).toEqual([['T903', 'broke-parse']]);
    expect(result.skipped[0]!.detail).toMatch(/unterminated heredoc/);
  });

  it('keeps a fix built on other rules (`after`) for the pass after their fixes, and computes it from their result', () => {
    // T906 counts the `todo`s left and writes the count: waiting for T901, it sees none.
    const counter = defineRule({
      id: 'T906',
      name: 'counter',
      kind: 'dockerfile',
      severity: 'low',
      title: 'counter',
      docs: DOCS,
      references: [],
      fix: 'safe',
      *check(source) {
        if (source.text.includes('# count')) return;
        const left = (source.text.match(/\btodo\b/g) ?? []).length;
        yield {start: 0, end: 4, message: 'no count', locator: 'count', fix: {title: 'count', safety: 'safe', params: [], after: ['T901'], edits: () => [{file: source.path, start: source.text.length, end: source.text.length, text: `# count ${left}\n`}]}};
      },
    });
    const text = 'FROM scratch\n# t0 todo\n# t1 todo\n';
    const result = plan(project(text), {rules: [todoRule, counter], select: all});
    expect(result.files[0]!.after).toBe('FROM scratch\n# t0 done\n# t1 done\n# count 0\n');
    expect(result.applied.map((a) => [a.rule, a.pass])).toEqual([['T901', 1], ['T901', 1], ['T906', 2]]);
    // Without T901 selected, nothing is pending: it counts what is there.
    const alone = plan(project(text), {rules: [todoRule, counter], select: (f) => (f.rule === 'T906' ? {} : null)});
    expect(alone.files[0]!.after).toBe(`${text}# count 2\n`);
  });

  it('stops a fix that keeps re-firing instead of looping', () => {
    const result = plan(project('FROM scratch\n# t0 ping\n'), {rules: RULES, select: all});
    expect(result.passes).toBeLessThanOrEqual(2);
    expect(result.skipped.map((s) => s.reason)).toContain('did-not-converge');
  });

  it('fixes identical lines one after the other: a finding that inherits a fixed one\'s fingerprint is not "did not converge"', () => {
    // One locator for every `# dup` line: the engine counts them (`dup`, `dup#2`, …), and after the
    // first line goes, the second is counted first. Each removal touches the next, so one per pass.
    const dupRule = defineRule({
      id: 'T906',
      name: 'dup',
      kind: 'dockerfile',
      severity: 'low',
      title: 'dup',
      docs: DOCS,
      references: [],
      fix: 'safe',
      *check(source) {
        for (let line = 0; line < source.lines.lineCount; line++) {
          if (source.lines.lineText(line) !== '# dup') continue;
          const start = source.lines.lineStart(line);
          yield {start, end: start + 5, message: 'dup', locator: 'dup', fix: {title: 'remove', safety: 'safe', params: [], edits: () => [{file: source.path, start, end: source.lines.nextLineStart(line), text: ''}]}};
        }
      },
    });
    const result = plan(project('FROM scratch\n# dup\n# dup\n# dup\n'), {rules: [dupRule], select: all});
    expect(result.skipped).toEqual([]);
    expect(result.files[0]!.after).toBe('FROM scratch\n');
    // A fix that leaves its finding where it was is still caught.
    const stuck = plan(project('FROM scratch\n# t0 ping\n'), {rules: RULES, select: all});
    expect(stuck.skipped.map((x) => x.reason)).toContain('did-not-converge');
  });

  it('maps an offset through edits: insertions before it move it, a replaced character maps to its replacement, a deleted one is gone', () => {
    const edits = [{file: 'f', start: 2, end: 2, text: 'xx'}, {file: 'f', start: 5, end: 8, text: 'y'}, {file: 'f', start: 10, end: 12, text: ''}];
    expect([0, 2, 4, 5, 6, 8, 9, 10, 11, 12].map((o) => mapOffset(o, edits))).toEqual([0, 4, 6, 7, 7, 8, 9, null, null, 10]);
  });

  it('creates new files from edits on an empty text and refuses to overwrite unread files', () => {
    const creator = defineRule({
      id: 'T905',
      name: 'creator',
      kind: 'dockerfile',
      severity: 'low',
      title: 'creator',
      docs: DOCS,
      references: [],
      fix: 'safe',
      *check(source, ctx) {
        if (!ctx.project.textOf('.dockerignore')) {
          yield {start: 0, end: 4, message: 'no ignore', locator: 'ctx', fix: {title: 'write', safety: 'safe', params: [], edits: () => [{file: '.dockerignore', start: 0, end: 0, text: '.git\n', mode: 0o600}]}};
        }
      },
    });
    const p = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM scratch\n'}]);
    const result = plan(p, {rules: [creator], select: all});
    expect(result.files).toEqual([expect.objectContaining({path: '.dockerignore', before: '', after: '.git\n', existed: false, mode: 0o600})]);
    const unread = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM scratch\n'}], {files: new Set(['.dockerignore'])});
    const refused = plan(unread, {rules: [creator], select: all});
    expect(refused.files).toEqual([]);
    expect(refused.skipped[0]!.detail).toMatch(/refusing to overwrite/);
  });
});

/** A Compose rule setting `deploy.<key>` on every service that lacks it (creating `deploy:` when missing). */
function deployRule(id: string, key: string): Rule<'compose'> {
  return defineRule({
    id,
    name: `deploy-${key}`,
    kind: 'compose',
    severity: 'low',
    title: key,
    docs: DOCS,
    references: [],
    fix: 'safe',
    *check(source) {
      for (const svc of services(source)) {
        if (lookupPath(svc, ['deploy', key])) continue;
        yield {start: svc.map.range![0], end: svc.map.range![0], message: key, locator: `services.${svc.name}`, fix: {title: key, safety: 'safe', params: [], edits: () => setIn(source, svc.map, ['deploy', key], 1, {doc: svc.doc})}};
      }
    },
  });
}

/** Sets `restart: always` where a service's restart (own or merged) is another value. */
const restartRule = defineRule({
  id: 'T907',
  name: 'restart',
  kind: 'compose',
  severity: 'low',
  title: 'restart',
  docs: DOCS,
  references: [],
  fix: 'safe',
  *check(source) {
    for (const svc of services(source)) {
      const found = lookup(svc, 'restart');
      if (!found || scalarOf(found.value) === 'always') continue;
      const range = found.value!.range!;
      yield {start: range[0], end: range[1], message: 'restart', locator: `services.${svc.name}.restart`, fix: {title: 'restart', safety: 'safe', params: [], edits: () => [{file: source.path, start: range[0], end: range[1], text: 'always'}]}};
    }
  },
});

function compose(text: string) {
  return buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text}]);
}

describe('plan on one big file', () => {
  const many = (n: number) => `x-base: &base\n  restart: "no"\nservices:\n${Array.from({length: n}, (_, i) => `  s${i}:\n    <<: *base\n    image: app:${i}\n`).join('')}`;

  it('makes an edit of a shared anchor once for every fix that asks for it, in one pass', () => {
    const result = plan(compose(many(5)), {rules: [restartRule], select: all});
    expect(result.passes).toBe(1);
    expect(result.applied.map((a) => a.fingerprint)).toHaveLength(5);
    expect(result.files[0]!.after).toBe(many(5).replace('restart: "no"', 'restart: always'));
  });

  it('lets insertions of different fixes at one place wait for each other: the second is computed on the first one\'s text', () => {
    const result = plan(compose(many(4)), {rules: [deployRule('T905', 'a'), deployRule('T906', 'b')], select: all});
    expect(result.skipped).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.applied.map((a) => [a.rule, a.pass])).toEqual([...Array(4).fill(['T905', 1]), ...Array(4).fill(['T906', 2])]);
    expect(result.files[0]!.after).toContain('  s3:\n    <<: *base\n    image: app:3\n    deploy:\n      a: 1\n      b: 1\n');
    expect(result.remaining).toEqual([]);
  });

  it('extends a finished plan with one more fix, as planning both at once would', () => {
    const rules = [deployRule('T905', 'a'), restartRule];
    const project = compose(many(3));
    const only = (ids: string[]) => (f: Finding) => (ids.some((id) => f.fingerprint.startsWith(id)) ? {} : null);
    const base = plan(project, {rules, select: only(['T905:compose.yaml:services.s1'])});
    const baseFiles = structuredClone(base.files);
    const extended = extendPlan(base, {rules, select: only(['T905:compose.yaml:services.s1', 'T907:compose.yaml:services.s2'])});
    const direct = plan(project, {rules, select: only(['T905:compose.yaml:services.s1', 'T907:compose.yaml:services.s2'])});
    expect(extended.files.map((f) => f.after)).toEqual(direct.files.map((f) => f.after));
    expect(extended.applied.map((a) => a.fingerprint)).toEqual(['T905:compose.yaml:services.s1', 'T907:compose.yaml:services.s2.restart']);
    expect(extended.remaining.map((f) => f.fingerprint)).toEqual(direct.remaining.map((f) => f.fingerprint));
    expect(base.files).toEqual(baseFiles);
    expect(base.applied).toHaveLength(1);
  });
});
