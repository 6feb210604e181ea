/**
 * The rules grouped as they load: one module per kind of rule (rules/<kind>/index.ts), imported only
 * when a file it reads is being checked, so `check Dockerfile` never loads the Kubernetes or Compose
 * rules nor the knowledge only they use (issue 11: start-up), and loads the docker run rules only
 * for a Dockerfile whose comments may hold a docker run line. Each group says beforehand, without
 * loading, which ids it holds and which kinds of file its rules read: enough to validate a `--rule`
 * or a `.shipshape.yaml` `rules:` id and to pick the groups a project needs. test/rules/by-kind.test.ts
 * keeps this equal to the rules themselves; registry.ts is every rule at once, for what lists them all.
 */
import {compareIds, KINDS, type Kind} from '../core/model.js';
import type {Rule, RuleKind} from '../core/rule.js';
import {mayHoldUsageNotes} from '../formats/commands/usage-notes.js';

/** A file being checked, as the groups see it before any rule loads. */
export interface CheckedFile {
  kind: Kind;
  text: string;
}

interface RuleGroup {
  /** The ids of the group's rules, in id order. */
  ids: readonly string[];
  /** The kinds of file its rules check: their own, and those they also read (`alsoReads`). */
  reads: readonly Kind[];
  /**
   * False for a file of a kind the group reads where its rules can find nothing, and which names
   * none of them (a `shipshape-ignore` of one must still be reported unused by S001): the group
   * need not load for it. Absent: every file of those kinds needs it.
   */
  needed?(file: CheckedFile): boolean;
  load(): Promise<readonly Rule[]>;
}

/** `D`, 101, 125 -> D101 … D125. */
function idRange(letter: string, first: number, last: number): string[] {
  return Array.from({length: last - first + 1}, (_, i) => `${letter}${first + i}`);
}

const SCRIPT_IDS = idRange('R', 501, 518);
/** Pragmas take ids in any case (`# shipshape-ignore r505`). */
const NAMES_SCRIPT_RULE = new RegExp(`\\b(?:${SCRIPT_IDS.join('|')})\\b`, 'i');

export const RULE_GROUPS: Readonly<Record<RuleKind, RuleGroup>> = {
  dockerfile: {ids: idRange('D', 101, 125), reads: ['dockerfile'], load: async () => (await import('./dockerfile/index.js')).dockerfileRules},
  compose: {ids: idRange('C', 201, 225), reads: ['compose'], load: async () => (await import('./compose/index.js')).composeRules},
  kubernetes: {ids: idRange('K', 301, 324), reads: ['kubernetes'], load: async () => (await import('./kubernetes/index.js')).kubernetesRules},
  ci: {ids: idRange('P', 401, 403), reads: ['ci'], load: async () => (await import('./ci/index.js')).ciRules},
  // docker run lines stand in scripts, CI steps and the usage notes of Dockerfile comments.
  script: {
    ids: SCRIPT_IDS,
    reads: ['script', 'ci', 'dockerfile'],
    needed: (file) => file.kind !== 'dockerfile' || mayHoldUsageNotes(file.text) || NAMES_SCRIPT_RULE.test(file.text),
    load: async () => (await import('./script/index.js')).scriptRules,
  },
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
 * Every rule that may find something in one of these files or that one of them names (its own
 * kind or one it also reads; the `any` rules when there is a file at all), in id order: what the
 * engine runs on them gives the same findings as every rule would.
 */
export async function rulesFor(files: Iterable<CheckedFile>): Promise<Rule[]> {
  const list = [...files];
  const groups = Object.values(RULE_GROUPS).filter((g) => list.some((f) => g.reads.includes(f.kind) && (g.needed?.(f) ?? true)));
  const loaded = await Promise.all(groups.map((g) => g.load()));
  return loaded.flat().sort((a, b) => compareIds(a.id, b.id));
}
