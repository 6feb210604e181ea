/** What the Compose rules share beyond reading the file (formats/yaml/compose.ts): fix parameters and wording. */
import type {FixParam} from '../../core/model.js';
import type {RuleContext} from '../../core/rule.js';
import type {Found} from '../../formats/yaml/nodes.js';

export function param(ctx: RuleContext, name: string, label: string, validate?: (v: string) => string | null): FixParam {
  return {name, label, default: ctx.param(name), ...(validate ? {validate} : {})};
}

/** True when the key lives in a mapping several services merge (an anchor / `x-` extension). */
export function sharedNote(found: Found | undefined): string {
  return found?.merged ? ' (the value lives in a shared anchor; the fix changes it there, for every service that merges it)' : '';
}
