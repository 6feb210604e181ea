import type {Rule} from '../../core/rule.js';

/** The Compose rules, in id order. */
export const composeRules: Rule<'compose'>[] = [];
