import {removeKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {composeExample, sharedNote} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services with \`network_mode: bridge\`: they join Docker's default bridge \`docker0\` instead of
the network Compose creates for the project.

## Why it matters
Every container started without a network joins \`docker0\`, so a service there can reach all of
them, whatever project they belong to, and has no name resolution (only legacy \`links\`). A
project network holds only the project's services, resolves them by name, and can be made
\`internal\`.

## Example
${composeExample('api', 'ghcr.io/acme/api:1.2', ['network_mode: bridge'])}

## Use instead
${composeExample('api', 'ghcr.io/acme/api:1.2')}

## Fix safety
Unsafe: containers outside the project that reach the service on \`docker0\` (by IP) no longer can;
services of the project reach it by its service name. The fix removes \`network_mode: bridge\`.
`;

export const c224DefaultBridge = serviceRule({
  id: 'C224',
  name: 'default-bridge',
  severity: 'low',
  title: "Service on Docker's default bridge",
  docs,
  references: [],
  links: {'Bridge network driver: differences between user-defined and default bridges': 'https://docs.docker.com/engine/network/drivers/bridge/'},
  controls: ['cis-docker:5.30'],
  fix: 'unsafe',
  *checkService(svc, src) {
    const found = lookup(svc, 'network_mode');
    if (!found || scalarOf(found.value) !== 'bridge') return;
    yield serviceFinding(svc, found.pair, 'network_mode', `Service "${svc.name}" joins Docker's default bridge (network_mode: bridge), shared with every container of the host${sharedNote(found)}.`, {
      fix: {
        title: 'Remove network_mode: bridge',
        safety: 'unsafe',
        params: [],
        risk: 'Containers outside the project that reach it on docker0 no longer can.',
        edits: () => removeKey(src, found.owner, 'network_mode'),
      },
    });
  },
});
