import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {image, locator, ports, rangeOf, services, type Service} from '../../formats/yaml/compose.js';
import {lookup, seqStrings} from '../../formats/yaml/nodes.js';
import {isMap, isScalar} from 'yaml';
import {isPrivatePort} from '../../knowledge/compose-images.js';
import {composeExample} from './common.js';

/** Services of the file that name `name` under depends_on or links. */
function dependents(all: readonly Service[], name: string): string[] {
  return all
    .filter((s) => {
      const deps = lookup(s, 'depends_on')?.value;
      const listed = isMap(deps)
        ? deps.items.some((p) => isScalar(p.key) && String(p.key.value) === name)
        : seqStrings(deps).some((d) => d.text === name);
      return listed || seqStrings(lookup(s, 'links')?.value).some((l) => (l.text ?? '').split(':')[0] === name);
    })
    .map((s) => s.name);
}

/** The docs' project: an api that reaches its database over the project network, with the database's further keys. */
function apiAndDb(dbKeys: readonly string[]): string {
  return composeExample('api', 'ghcr.io/acme/api:1.2', ['depends_on: [db]'], ['  db:', '    image: postgres:16', ...dbKeys.map((l) => `    ${l}`)]);
}

const docs = `## What it does
Finds a database, cache or broker that publishes its port on the host although the services of the
same file that use it (\`depends_on\`, \`links\`) reach it over the project network anyway.

## Why it matters
Every published port is a way in from outside the project. The CIS Docker Benchmark asks that only
the ports a container needs be open; a datastore used by its neighbours needs none on the host.

## Example
${apiAndDb(['ports:', '  - "127.0.0.1:5432:5432"'])}

## Use instead
${apiAndDb([])}

## Fix safety
No automatic fix: a person may connect to it from the host (a database console, a migration
script). Remove the port if nothing outside the project needs it, or keep it in a
\`compose.override.yaml\` used only on developer machines.
`;

export const c225InternalPortPublished = defineRule({
  id: 'C225',
  name: 'internal-port-published',
  kind: 'compose',
  severity: 'info',
  title: 'Internal service port published on the host',
  docs,
  references: [],
  links: {'Networking in Compose': 'https://docs.docker.com/compose/how-tos/networking/'},
  controls: ['cis-docker:5.9'],
  fix: null,
  check(src) {
    const out: FindingDraft[] = [];
    const all = services(src);
    for (const svc of all) {
      const img = image(svc);
      const internal = ports(svc).filter((p) => p.published !== null && isPrivatePort(img, p.target));
      if (internal.length === 0) continue;
      const users = dependents(all, svc.name);
      if (users.length === 0) continue;
      out.push({
        ...rangeOf(svc, internal[0]!.node),
        locator: locator(svc, 'ports[internal]'),
        message: `Service "${svc.name}" publishes port ${internal.map((p) => p.target).join(', ')} on the host, but ${users.join(', ')} reach${users.length === 1 ? 'es' : ''} it over the project network as ${svc.name}:${internal[0]!.target}.`,
        advice: 'Remove the published port unless something outside the project connects to it, or move it to a compose.override.yaml for development.',
      });
    }
    return out;
  },
});
