/** Every image profile, by category (see README.md to add one). */
import {AGENTS} from './data/agents.js';
import {APPS} from './data/apps.js';
import {BASES} from './data/bases.js';
import {DATABASES} from './data/databases.js';
import {FAMILIES} from './data/families.js';
import {MONITORING} from './data/monitoring.js';
import {PROXIES} from './data/proxies.js';
import {QUEUES} from './data/queues.js';
import type {ImageProfile} from './types.js';

export const PROFILES: readonly ImageProfile[] = [...DATABASES, ...QUEUES, ...PROXIES, ...MONITORING, ...APPS, ...FAMILIES, ...AGENTS, ...BASES];
