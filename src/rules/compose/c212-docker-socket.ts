import {bindMounts, locator} from '../../formats/yaml/compose.js';
import {composeExample} from './common.js';
import {serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services that mount the Docker socket (\`/var/run/docker.sock\`, \`/run/docker.sock\`).

## Why it matters
Whoever can talk to the Docker socket can start a privileged container with the host's root
filesystem mounted: it is root on the host, read-only mount or not.

## Example
${composeExample('ci-agent', 'ghcr.io/acme/agent:2.3', ['volumes:', '  - /var/run/docker.sock:/var/run/docker.sock'])}

## Use instead
\`\`\`yaml
services:
  ci-agent:
    image: ghcr.io/acme/agent:2.3
    environment:
      DOCKER_HOST: tcp://socket-proxy:2375
  socket-proxy:
    image: tecnativa/docker-socket-proxy:0.3
    environment:
      CONTAINERS: 1
\`\`\`

## Fix safety
No automatic fix: what the service does with the socket decides the replacement. Put a socket
proxy in front that allows only the API calls it needs (e.g. \`tecnativa/docker-socket-proxy\`),
or run Docker rootless so the socket is not root's.
`;

export const c212DockerSocket = serviceRule({
  id: 'C212',
  name: 'docker-socket',
  severity: 'critical',
  title: 'Docker socket mounted',
  docs,
  references: ['kics:d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b'],
  links: {
    'Docker daemon attack surface': 'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
    'Rootless mode': 'https://docs.docker.com/engine/security/rootless/',
  },
  controls: ['cis-docker:5.32'],
  fix: null,
  *checkService(svc) {
    for (const m of bindMounts(svc)) {
      if (!/^\/(var\/)?run\/docker\.sock$/.test(m.source.replace(/\/+$/, ''))) continue;
      yield {
        start: m.start,
        end: m.end,
        locator: locator(svc, `volumes[${m.source}]`),
        message: `Service "${svc.name}" mounts the Docker socket: it can control the Docker daemon, which is root on the host.`,
        advice: 'Use a socket proxy that allows only the API calls this service needs (e.g. tecnativa/docker-socket-proxy), or rootless Docker.',
        fix: null,
      };
    }
  },
});
