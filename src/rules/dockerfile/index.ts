import type {Rule} from '../../core/rule.js';

/** The Dockerfile rules, in id order. */
export const dockerfileRules: Rule<'dockerfile'>[] = [];
