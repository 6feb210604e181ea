/**
 * rules/by-kind.ts says, without loading them, which rule ids each kind's module holds and which
 * kinds of file they read; this keeps that equal to the rules themselves (registry.ts), and checks
 * that the rules loaded for the kinds of a project are exactly those the engine would run on them.
 */
import {describe, expect, it} from 'vitest';
import {compareIds, KINDS, type Kind} from '../../src/core/model.js';
import {readsKind} from '../../src/core/engine.js';
import type {RuleKind} from '../../src/core/rule.js';
import {RULE_GROUPS, RULE_IDS, isRuleId, rulesReading} from '../../src/rules/by-kind.js';
import {RULES, validateRules} from '../../src/rules/registry.js';

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

  it.each([[[]], ...KINDS.map((k) => [[k]]), [['dockerfile', 'compose']], [['ci']], [[...KINDS]]] as Kind[][][])('for the kinds %j: the registered rules that read any of them, in id order', async (kinds) => {
    const expected = RULES.filter((r) => kinds.some((k) => readsKind(r, k) || r.kind === 'any'));
    expect(ids(await rulesReading(kinds))).toEqual(ids(expected));
  });

  it('a Dockerfile alone loads no Compose, Kubernetes or pipeline rule', async () => {
    const kinds = new Set((await rulesReading(['dockerfile'])).map((r) => r.kind));
    expect([...kinds].sort()).toEqual<RuleKind[]>(['any', 'dockerfile', 'script']);
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
