import {image, ports} from '../../formats/yaml/compose.js';
import {setKey} from '../../formats/yaml/edit.js';
import {quoted, renderScalar} from '../../formats/yaml/render.js';
import {detectStyle} from '../../formats/yaml/style.js';
import {isPrivatePort} from '../../knowledge/compose-images.js';
import {composeExample} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const docs = `## What it does
Finds published ports without a host IP (\`"5432:5432"\`, \`published: 5432\` without
\`host_ip\`): Docker binds them on every interface of the host, and its iptables rules bypass
host firewalls such as ufw.

## Why it matters
A database, cache, broker or admin console published on 0.0.0.0 is reachable from the whole
network (or the internet on a cloud VM), often with default credentials.

## Example
${composeExample('db', 'postgres:16', ['ports:', '  - "5432:5432"'])}

## Use instead
${composeExample('db', 'postgres:16', ['ports:', '  - "127.0.0.1:5432:5432"'])}

## Fix safety
Unsafe: clients on other machines can no longer connect. The fix binds to \`127.0.0.1\` only the
ports of databases, caches, brokers and admin consoles (postgres, mysql/mariadb, mongo, redis,
memcached, elasticsearch, rabbitmq, adminer, pgadmin, phpmyadmin, portainer, minio, kafka, …, or
their well-known container ports such as 5432, 3306, 6379, 27017); other ports (a web app's 80 or
443) are reported for information only. An explicit \`0.0.0.0\` is a choice and is not reported.
`;

export const c216PortAllInterfaces = serviceRule({
  id: 'C216',
  name: 'port-all-interfaces',
  severity: 'info',
  title: 'Port published on all interfaces',
  docs,
  references: ['kics:451d79dc-0588-476a-ad03-3c7f0320abb3'],
  links: {
    'Compose file reference: ports': 'https://docs.docker.com/reference/compose-file/services/#ports',
    'Packet filtering and firewalls': 'https://docs.docker.com/engine/network/packet-filtering-firewalls/',
  },
  controls: ['cis-docker:5.14'],
  fix: 'unsafe',
  *checkService(svc, src) {
    const img = image(svc);
    for (const port of ports(svc)) {
      if (port.hostIp !== null) continue;
      if (port.map === null && port.published === null && port.target !== null && !isPrivatePort(img, port.target)) continue;
      if (port.map && port.published === null) continue;
      const node = port.node!;
      const label = port.map ? `${port.published}:${port.target}` : String((node as {value?: unknown}).value);
      const privatePort = isPrivatePort(img, port.target);
      const message = `Service "${svc.name}" publishes ${label} on every host interface${privatePort ? ', and it is a database or admin port' : ''}.`;
      if (!privatePort) {
        yield serviceFinding(svc, node, `ports[${label}]`, message, {advice: 'Bind it to a specific interface (e.g. "127.0.0.1:8080:80") or put a reverse proxy in front if it must not be public.', fix: null});
        continue;
      }
      yield serviceFinding(svc, node, `ports[${label}]`, message, {
        fix: {
          title: 'Bind the port to 127.0.0.1',
          safety: 'unsafe',
          params: [],
          risk: 'Clients on other machines can no longer connect.',
          edits: () => {
            if (port.map) return setKey(src, port.map, 'host_ip', '127.0.0.1', {doc: svc.doc});
            const r = node.range!;
            const text = String((node as {value?: unknown}).value);
            const value = port.published === null ? `127.0.0.1::${text}` : `127.0.0.1:${text}`;
            const raw = src.text.slice(r[0], r[1]);
            if (/^["']/.test(raw)) return [{file: src.path, start: r[0] + 1, end: r[0] + 1, text: port.published === null ? '127.0.0.1::' : '127.0.0.1:'}];
            return [{file: src.path, start: r[0], end: r[1], text: renderScalar(quoted(value), detectStyle(src, src.docs))}];
          },
        },
      });
    }
  },
});
