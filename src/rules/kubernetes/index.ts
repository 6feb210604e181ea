import type {Rule} from '../../core/rule.js';

/** The Kubernetes rules, in id order. */
export const kubernetesRules: Rule<'kubernetes'>[] = [];
