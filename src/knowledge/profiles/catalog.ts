/**
 * Every image profile, by category: the data files in data/ (see README.md to add one). They are
 * read as they are: validate.ts checks them against types.ts when shipshape is built
 * (scripts/check-data.mjs) and in the tests, so a start costs no checking.
 */
import agents from './data/agents.json' with {type: 'json'};
import apps from './data/apps.json' with {type: 'json'};
import bases from './data/bases.json' with {type: 'json'};
import databases from './data/databases.json' with {type: 'json'};
import families from './data/families.json' with {type: 'json'};
import monitoring from './data/monitoring.json' with {type: 'json'};
import proxies from './data/proxies.json' with {type: 'json'};
import queues from './data/queues.json' with {type: 'json'};
import type {ImageProfile} from './types.js';

export const PROFILES: readonly ImageProfile[] = [databases, queues, proxies, monitoring, apps, families, agents, bases].flatMap((file) =>
  (file.profiles as unknown as ImageProfile[]).map(clearedFacts),
);

/** A fact a variant sets to `null` is not known for that variant: `undefined`, which the lookup's merge applies over the profile's. */
function clearedFacts(profile: ImageProfile): ImageProfile {
  for (const {set} of profile.variants ?? []) {
    for (const [fact, value] of Object.entries(set)) if (value === null) (set as Record<string, unknown>)[fact] = undefined;
  }
  return profile;
}
