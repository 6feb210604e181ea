import {isMap} from 'yaml';
import {asRecord, lookup, toValue} from '../../formats/yaml/nodes.js';
import {composeExample} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

function unlimited(value: unknown): boolean {
  if (value === -1 || value === '-1' || value === 'unlimited') return true;
  if (typeof value !== 'object' || value === null) return false;
  const r = asRecord(value);
  return unlimited(r.soft) || unlimited(r.hard);
}

const docs = `## What it does
Finds \`ulimits:\` entries that lift a limit altogether (\`-1\` or \`unlimited\`, as a single value or as
\`soft\`/\`hard\`).

## Why it matters
The daemon's default ulimits keep one container from exhausting what the host shares: open files,
processes of the user, locked memory. The CIS Docker Benchmark asks that they be overridden only
where needed; an unlimited value removes the protection completely (unlimited \`nproc\` lets a fork
bomb take every process slot of that user on the host).

## Example
${composeExample('search', 'ghcr.io/acme/search:1.2', ['ulimits:', '  nproc: -1', '  nofile: {soft: -1, hard: -1}'])}

## Use instead
${composeExample('search', 'ghcr.io/acme/search:1.2', ['ulimits:', '  nproc: 4096', '  nofile: {soft: 65536, hard: 65536}'])}

## Fix safety
No automatic fix: the right bound depends on the service (Elasticsearch documents \`memlock\`
unlimited for \`bootstrap.memory_lock\` and \`nofile\` 65535). Set the largest value the service
documents instead of no limit.
`;

export const c221UlimitsUnlimited = serviceRule({
  id: 'C221',
  name: 'ulimits-unlimited',
  severity: 'low',
  title: 'ulimit lifted to unlimited',
  docs,
  references: [],
  links: {'Compose file reference: ulimits': 'https://docs.docker.com/reference/compose-file/services/#ulimits'},
  controls: ['cis-docker:5.19'],
  fix: null,
  *checkService(svc) {
    const found = lookup(svc, 'ulimits');
    if (!found || !isMap(found.value)) return;
    const limits = asRecord(toValue(found.value, svc.doc));
    const lifted = Object.keys(limits).filter((k) => unlimited(limits[k]));
    if (lifted.length === 0) return;
    yield serviceFinding(svc, found.pair, 'ulimits', `Service "${svc.name}" lifts the ${lifted.join(', ')} ulimit${lifted.length > 1 ? 's' : ''} to unlimited: nothing stops it from exhausting what the host shares.`, {
      advice: 'Set the largest value the service documents instead of -1/unlimited.',
    });
  },
});
