import type {Rule} from '../core/rule.js';
import {defineRule} from '../core/rule.js';
import {compareIds} from '../core/model.js';
import {dockerfileRules} from './dockerfile/index.js';
import {composeRules} from './compose/index.js';
import {kubernetesRules} from './kubernetes/index.js';
import {ciRules} from './ci/index.js';
import {anyRules} from './any/index.js';
import {scriptRules} from './script/index.js';
import {unknownControls} from '../knowledge/standards/coverage.js';

/**
 * Every rule shipshape has, listed explicitly (no auto-discovery), validated on load: for what lists
 * or explains them all (`rules`, `explain`, SARIF, the docs and schemas). `check` and `fix` load
 * only the rules of the kinds found (by-kind.ts), and the tests validate every rule.
 */
export const RULES: readonly Rule[] = validateRules([...dockerfileRules, ...composeRules, ...kubernetesRules, ...ciRules, ...scriptRules, ...anyRules] as Rule[]);

/** Checks each rule's metadata, that ids and (per kind) names are unique and controls exist; returns them in id order. */
export function validateRules(rules: Rule[]): Rule[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const rule of rules) {
    defineRule(rule);
    const unknown = unknownControls(rule);
    if (unknown.length > 0) throw new TypeError(`rule ${rule.id}: controls ${unknown.join(', ')} name no control of knowledge/standards`);
    if (ids.has(rule.id)) throw new TypeError(`rule ${rule.id} is registered twice`);
    if (names.has(rule.name + rule.kind)) throw new TypeError(`rule name ${rule.name} is used twice for ${rule.kind}`);
    ids.add(rule.id);
    names.add(rule.name + rule.kind);
  }
  return rules.sort((a, b) => compareIds(a.id, b.id));
}

/**
 * Finds rules by id (`D101`), name (`root-user`: every kind's rule of that name) or
 * `kind/name` (`dockerfile/root-user`).
 */
export function findRules(query: string): Rule[] {
  const q = query.trim();
  const byId = RULES.find((r) => r.id.toLowerCase() === q.toLowerCase());
  if (byId) return [byId];
  const [kind, name] = q.includes('/') ? q.split('/', 2) : [undefined, q];
  return RULES.filter((r) => r.name === name && (!kind || r.kind === kind));
}

