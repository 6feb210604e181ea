import type {Rule} from '../core/rule.js';
import {defineRule} from '../core/rule.js';
import {dockerfileRules} from './dockerfile/index.js';
import {composeRules} from './compose/index.js';
import {kubernetesRules} from './kubernetes/index.js';
import {ciRules} from './ci/index.js';
import {anyRules} from './any/index.js';
import {scriptRules} from './script/index.js';
import {unknownControls} from '../knowledge/standards/coverage.js';

/** Every rule shipshape runs, lists and explains, listed explicitly (no auto-discovery), validated on load. */
export const RULES: readonly Rule[] = validate([...dockerfileRules, ...composeRules, ...kubernetesRules, ...ciRules, ...scriptRules, ...anyRules] as Rule[]);

function validate(rules: Rule[]): Rule[] {
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
  return rules.sort((a, b) => a.id.localeCompare(b.id));
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

