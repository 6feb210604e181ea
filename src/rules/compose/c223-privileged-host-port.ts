import {ports} from '../../formats/yaml/compose.js';
import {FIRST_UNPRIVILEGED_PORT, hostPortNumbers} from '../../knowledge/standards/runtime-options.js';
import {composeExample} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const docs = `## What it does
Finds published ports whose host side is a privileged port (below 1024): \`"80:8080"\`,
\`published: 443\`.

## Why it matters
Ports below 1024 are the ones a host trusts: only root may bind them, so clients and other hosts
assume that whoever answers there was put there by an administrator (SSH on 22, DNS on 53, mail on
25). A container that takes one can impersonate such a service, and the daemon opens it on the
container's behalf whatever user the container runs as.

## Example
${composeExample('web', 'ghcr.io/acme/web:1.2', ['ports:', '  - "80:8080"'])}

## Use instead
${composeExample('web', 'ghcr.io/acme/web:1.2', ['ports:', '  - "127.0.0.1:8080:8080"   # a reverse proxy of the host serves port 80'])}

## Fix safety
No automatic fix: clients reach the service at that port. Serve the public port from a reverse
proxy or load balancer of the host and publish the container on a port of 1024 or above, or keep
it where a front service on 80/443 is the design and accept the finding with a
\`# shipshape-ignore C223 -- reason\`.
`;

export const c223PrivilegedHostPort = serviceRule({
  id: 'C223',
  name: 'privileged-host-port',
  severity: 'info',
  title: 'Privileged host port published',
  docs,
  references: [],
  links: {'Compose file reference: ports': 'https://docs.docker.com/reference/compose-file/services/#ports'},
  controls: ['cis-docker:5.8'],
  fix: null,
  *checkService(svc) {
    for (const port of ports(svc)) {
      const low = hostPortNumbers(port.published).filter((n) => n > 0 && n < FIRST_UNPRIVILEGED_PORT);
      if (low.length === 0) continue;
      const message = `Service "${svc.name}" takes the privileged host port ${low[0]}${low.length > 1 ? ` (and ${low.length - 1} more)` : ''}; the daemon binds it as root for the container.`;
      yield serviceFinding(svc, port.node, `ports[${port.published}:${port.target ?? ''}]`, message, {
        advice: 'Serve the public port from a reverse proxy of the host and publish the container on a port of 1024 or above.',
      });
    }
  },
});
