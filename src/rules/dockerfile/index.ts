import type {Rule} from '../../core/rule.js';
import {d101RootUser} from './d101-root-user.js';
import {d102UserNotNumeric} from './d102-user-not-numeric.js';

/** The Dockerfile rules, in id order. */
export const dockerfileRules: Rule<'dockerfile'>[] = [d101RootUser, d102UserNotNumeric];
