/**
 * rules/by-kind.ts says, without loading them, which rule ids each kind's module holds and which
 * kinds of file they read; this keeps that equal to the rules themselves (registry.ts), and checks
 * that the rules loaded for the kinds of a project are exactly those the engine would run on them.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {describe, expect, it} from 'vitest';
import {classifyByName} from '../../src/core/classify.js';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {compareIds, KINDS, type Kind} from '../../src/core/model.js';
import {readsKind, runRules} from '../../src/core/engine.js';
import type {RuleKind} from '../../src/core/rule.js';
import {RULE_GROUPS, RULE_IDS, isRuleId, rulesFor} from '../../src/rules/by-kind.js';
import {RULES, validateRules} from '../../src/rules/registry.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
const ids = (rules: readonly {id: string}[]): string[] => rules.map((r) => r.id);

describe('the rules by kind', () => {
  it.each(Object.entries(RULE_GROUPS))('%s: the ids and read kinds said beforehand are those of its rules', async (kind, group) => {
    const rules = await group.load();
    expect(ids(rules)).toEqual(group.ids);
    expect(rules.every((r) => r.kind === kind)).toBe(true);
    const read = new Set(rules.flatMap((r) => (r.kind === 'any' ? KINDS : [r.kind, ...(r.alsoReads ?? [])])));
    expect([...read].sort()).toEqual([...group.reads].sort());
  });

  it('together they are every registered rule, each once, and RULE_IDS lists them in id order', async () => {
    expect(RULE_IDS).toEqual(ids(RULES));
    // compareIds (code units, no ICU collator at start-up) orders rule ids as localeCompare does.
    expect([...RULE_IDS, 'E001'].sort(compareIds)).toEqual([...RULE_IDS, 'E001'].sort((a, b) => a.localeCompare(b)));
    const loaded = await Promise.all(Object.values(RULE_GROUPS).map((g) => g.load()));
    expect(new Set(loaded.flat())).toEqual(new Set(RULES));
    expect(Object.keys(RULE_GROUPS).sort()).toEqual([...KINDS, 'any'].sort());
    expect(isRuleId('D101')).toBe(true);
    expect(isRuleId('d101')).toBe(false);
    expect(isRuleId('X999')).toBe(false);
  });

  it.each([[[]], ...KINDS.map((k) => [[k]]), [['dockerfile', 'compose']], [['ci']], [[...KINDS]]] as Kind[][][])('for files of the kinds %j that need every rule reading them: those rules, in id order', async (kinds) => {
    const expected = RULES.filter((r) => kinds.some((k) => readsKind(r, k) || r.kind === 'any'));
    const files = kinds.map((kind) => ({kind, text: '# docker run --rm alpine:3.20\n'}));
    expect(ids(await rulesFor(files))).toEqual(ids(expected));
  });

  it('a Dockerfile loads no Compose, Kubernetes or pipeline rule, and the docker run rules only where a comment may hold a docker run line or names one of them', async () => {
    const kindsFor = async (text: string) => [...new Set((await rulesFor([{kind: 'dockerfile', text}])).map((r) => r.kind))].sort();
    expect(await kindsFor('FROM alpine:3.20\nCMD ["sh"]\n')).toEqual<RuleKind[]>(['any', 'dockerfile']);
    expect(await kindsFor('FROM alpine:3.20\n# Run it: docker run --rm -it app\n')).toEqual<RuleKind[]>(['any', 'dockerfile', 'script']);
    expect(await kindsFor('FROM alpine:3.20\n# shipshape-ignore r505\nCMD ["sh"]\n')).toEqual<RuleKind[]>(['any', 'dockerfile', 'script']);
    expect(await kindsFor('FROM alpine:3.20\nRUN echo podman\n')).toEqual<RuleKind[]>(['any', 'dockerfile']);
  });
});

/** Every Dockerfile under fixtures/ (the rule cases, the corpus, the images), and pragma cases. */
function dockerfiles(): InputFile[] {
  const walk = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const found = walk(FIXTURES).flatMap((file) => {
    const path = relative(FIXTURES, file).split('\\').join('/');
    return classifyByName(path) === 'dockerfile' ? [{path, kind: 'dockerfile' as const, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '')}] : [];
  });
  const pragmas = ['# shipshape-ignore R505\nFROM alpine:3.20\n', 'FROM alpine:3.20\n# shipshape-ignore-file r503 D101\n', '# docker run --privileged app\n# shipshape-ignore R501\nFROM alpine:3.20\n'];
  return [...found, ...pragmas.map((text, i) => ({path: `pragma-${i}/Dockerfile`, kind: 'dockerfile' as const, text}))];
}

describe('the rules loaded for a Dockerfile find what every rule finds', () => {
  const files = dockerfiles();

  it('sees the Dockerfiles it compares, with and without docker run notes', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files.some((f) => /^\s*#\s*docker run/m.test(f.text))).toBe(true);
  });

  it('on every Dockerfile of fixtures/, alone: the same findings (S001 of unused R5xx pragmas included)', async () => {
    const differing: string[] = [];
    for (const file of files) {
      const project = buildProject(['.'], [file]);
      const all = runRules(project, {rules: RULES}).findings.map((f) => f.fingerprint);
      const loaded = runRules(project, {rules: await rulesFor([file])}).findings.map((f) => f.fingerprint);
      if (JSON.stringify(all) !== JSON.stringify(loaded)) differing.push(file.path);
    }
    expect(differing).toEqual([]);
    const s001 = runRules(buildProject(['.'], [files.at(-3)!]), {rules: await rulesFor([files.at(-3)!])}).findings;
    expect(s001.map((f) => f.rule)).toContain('S001');
  });
});

describe('the registry validation', () => {
  const [d101, c201] = [RULES.find((r) => r.id === 'D101')!, RULES.find((r) => r.id === 'C201')!];

  it('holds for every rule', () => {
    expect(() => validateRules([...RULES])).not.toThrow();
  });

  it('refuses an id registered twice, a name used twice in a kind, a control that names nothing', () => {
    expect(() => validateRules([d101, d101])).toThrow('rule D101 is registered twice');
    expect(() => validateRules([d101, {...d101, id: 'D199'}])).toThrow('rule name root-user is used twice for dockerfile');
    expect(() => validateRules([d101, c201])).not.toThrow();
    expect(() => validateRules([{...d101, controls: ['cis-docker:99.99']}])).toThrow('rule D101: controls cis-docker:99.99 name no control of knowledge/standards');
  });
});
