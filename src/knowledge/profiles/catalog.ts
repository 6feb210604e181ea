/** Every image profile, by category: the data files in data/, checked as they load (see README.md to add one). */
import agents from './data/agents.json' with {type: 'json'};
import apps from './data/apps.json' with {type: 'json'};
import bases from './data/bases.json' with {type: 'json'};
import databases from './data/databases.json' with {type: 'json'};
import families from './data/families.json' with {type: 'json'};
import monitoring from './data/monitoring.json' with {type: 'json'};
import proxies from './data/proxies.json' with {type: 'json'};
import queues from './data/queues.json' with {type: 'json'};
import type {ImageProfile} from './types.js';
import {profilesOf} from './validate.js';

export const PROFILES: readonly ImageProfile[] = Object.entries({databases, queues, proxies, monitoring, apps, families, agents, bases}).flatMap(
  ([name, data]) => profilesOf(`data/${name}.json`, data),
);
