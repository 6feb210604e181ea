import type {FindingsRule} from '../../core/rule.js';
import {s001UnusedSuppression} from './s001-unused-suppression.js';

/** Rules about the other rules' findings, run on files of every kind. */
export const anyRules: FindingsRule[] = [s001UnusedSuppression];
