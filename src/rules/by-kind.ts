/**
 * The rules grouped as they load: one module per kind of rule (rules/<kind>/index.ts), imported only
 * when a file it reads is being checked, so `check Dockerfile` never loads the Kubernetes or Compose
 * rules nor the knowledge only they use (issue 11: start-up). Each group says beforehand, without
 * loading, which ids it holds and which kinds of file its rules read: enough to validate a `--rule`
 * or a `.shipshape.yaml` `rules:` id and to pick the groups a project needs. test/rules/by-kind.test.ts
 * keeps this equal to the rules themselves; registry.ts is every rule at once, for what lists them all.
 */
import {compareIds, KINDS, type Kind} from '../core/model.js';
import type {Rule, RuleKind} from '../core/rule.js';

interface RuleGroup {
  /** The ids of the group's rules, in id order. */
  ids: readonly string[];
  /** The kinds of file its rules check: their own, and those they also read (`alsoReads`). */
  reads: readonly Kind[];
  load(): Promise<readonly Rule[]>;
}

/** `D`, 101, 125 -> D101 … D125. */
function idRange(letter: string, first: number, last: number): string[] {
  return Array.from({length: last - first + 1}, (_, i) => `${letter}${first + i}`);
}

export const RULE_GROUPS: Readonly<Record<RuleKind, RuleGroup>> = {
  dockerfile: {ids: idRange('D', 101, 125), reads: ['dockerfile'], load: async () => (await import('./dockerfile/index.js')).dockerfileRules},
  compose: {ids: idRange('C', 201, 225), reads: ['compose'], load: async () => (await import('./compose/index.js')).composeRules},
  kubernetes: {ids: idRange('K', 301, 324), reads: ['kubernetes'], load: async () => (await import('./kubernetes/index.js')).kubernetesRules},
  ci: {ids: idRange('P', 401, 403), reads: ['ci'], load: async () => (await import('./ci/index.js')).ciRules},
  // docker run lines stand in scripts, CI steps and the usage notes of Dockerfile comments.
  script: {ids: idRange('R', 501, 518), reads: ['script', 'ci', 'dockerfile'], load: async () => (await import('./script/index.js')).scriptRules},
  // S001 is about the other rules' findings in a file of any kind.
  any: {ids: ['S001'], reads: KINDS, load: async () => (await import('./any/index.js')).anyRules},
};

/** Every rule id, in id order. */
export const RULE_IDS: readonly string[] = Object.values(RULE_GROUPS)
  .flatMap((g) => g.ids)
  .sort(compareIds);

export function isRuleId(id: string): boolean {
  return RULE_IDS.includes(id);
}

/**
 * Every rule that checks a file of one of these kinds (its own kind or one it also reads, and the
 * `any` rules when there is a file at all), in id order: what the engine runs on such files.
 */
export async function rulesReading(kinds: Iterable<Kind>): Promise<Rule[]> {
  const present = new Set(kinds);
  const groups = Object.values(RULE_GROUPS).filter((g) => g.reads.some((k) => present.has(k)));
  const loaded = await Promise.all(groups.map((g) => g.load()));
  return loaded.flat().sort((a, b) => compareIds(a.id, b.id));
}
