import {optionNamed} from '../../formats/commands/docker-cli.js';
import {FIRST_UNPRIVILEGED_PORT, hostPortNumbers} from '../../knowledge/standards/runtime-options.js';
import {at, commandRule, isService, runDocs, WHERE} from './common.js';

/** `[ip:]host:container[/proto]` or `container` of a `-p` value: the host IP and host port, when given. */
function parsePublish(value: string): {ip: string | null; host: string | null} {
  const v = value.replace(/\/(tcp|udp|sctp)$/i, '');
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(v);
  const parts = (v6 ? v6[2]! : v).split(':');
  if (v6) return {ip: v6[1]!, host: parts.length === 2 ? parts[0]! : null};
  if (parts.length === 3) return {ip: parts[0]!, host: parts[1]! || null};
  return {ip: null, host: parts.length === 2 ? parts[0]! : null};
}

export const r514PublishedPorts = commandRule({
  id: 'R514',
  name: 'run-published-ports',
  severity: 'info',
  title: 'Ports published on every interface, on privileged host ports, or all at once',
  docs: runDocs({
    what: `Finds \`-p\`/\`--publish\` options without a host IP (Docker then listens on every interface of the host, past its firewall), with a host port below 1024, and \`-P\`/\`--publish-all\` (every port the image exposes), ${WHERE}.`,
    why: 'A published port is reachable from the whole network unless it is bound to an address; a privileged host port is one the host trusts to be an administrator\'s service; `-P` opens ports nobody chose.',
    bad: 'docker run -d -p 80:8080 -P ghcr.io/acme/api:1.2',
    good: 'docker run -d -p 127.0.0.1:8080:8080 ghcr.io/acme/api:1.2',
    safety: 'No automatic fix: which clients must reach the port is the operator\'s choice. Bind each port to the address clients use, publish only the ports they need, and serve 80/443 from a reverse proxy of the host.',
  }),
  references: [],
  links: {'Port publishing and mapping': 'https://docs.docker.com/engine/network/port-publishing/'},
  controls: ['cis-docker:5.8', 'cis-docker:5.9', 'cis-docker:5.14'],
  fix: null,
  *check(cmd, _ctx, locator) {
    const problems: string[] = [];
    if (optionNamed(cmd, '--publish-all').some((o) => o.value === null || o.value === 'true')) problems.push('-P publishes every port the image exposes');
    for (const o of optionNamed(cmd, '--publish')) {
      if (o.dynamic || !o.value) continue;
      const {ip, host} = isService(cmd) ? {ip: '*', host: /published=(\d+)/.exec(o.value)?.[1] ?? parsePublish(o.value).host} : parsePublish(o.value);
      // A Swarm service publishes through the routing mesh on every node; there is no host IP to bind.
      if (ip === null || ip === '') problems.push(`${o.value} listens on every interface`);
      const low = hostPortNumbers(host).find((n) => n > 0 && n < FIRST_UNPRIVILEGED_PORT);
      if (low !== undefined) problems.push(`${o.value} takes the privileged host port ${low}`);
    }
    if (problems.length === 0) return;
    yield at(cmd, `${locator} > ports`, `\`${cmd.tool} ${cmd.verb}\`: ${problems.join('; ')}`, {
      advice: 'Bind ports to the address clients use (-p 127.0.0.1:8080:8080), publish only the ones they need, and serve 80/443 from a reverse proxy.',
    });
  },
});
