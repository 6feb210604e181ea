import type {Rule} from '../../core/rule.js';

/** The pipeline rules, in id order. */
export const ciRules: Rule<'ci'>[] = [];
