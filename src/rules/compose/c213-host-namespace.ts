import type {Edit} from '../../core/model.js';
import {image, locator, ports, rangeOf} from '../../formats/yaml/compose.js';
import {removeKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {confirmFirst} from '../../core/params.js';
import {composeExample, matchedServiceProfile, sharedNote} from './common.js';
import {serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services that share a host namespace: \`network_mode: host\`, \`pid: host\`, \`ipc: host\`,
\`uts: host\`, \`userns_mode: host\`.

## Why it matters
The host's network namespace exposes every host interface and local-only port to the container;
its PID namespace lets it see and signal (or ptrace) host processes; its IPC namespace shares
memory segments; its UTS namespace lets it change the host's hostname; the host user namespace
turns off user remapping.

## Example
${composeExample('monitor', 'ghcr.io/acme/monitor:1.2', ['network_mode: host', 'pid: host'])}

## Use instead
${composeExample('monitor', 'ghcr.io/acme/monitor:1.2', ['ports:', '  - "127.0.0.1:9100:9100"'])}

## Fix safety
Unsafe: the service then runs in its own namespaces; a service that used host networking must
publish its ports (\`ports:\`) and reach other services by name. The fix removes the keys (in the
shared anchor when they live there). Two settings are kept, with guidance instead of a fix:
\`network_mode: host\` on a service that publishes no ports (it is reached on the host's own ports,
and removing host networking would make it unreachable), and the host namespaces a node agent's
profile says it needs (node-exporter's host network and PID namespace: that is its purpose; info).
For an image nobody knows (a monitoring or network agent may need the namespace), the removal
waits for a person to confirm it (\`fix --write --unsafe\` leaves it alone, the wizard asks).
`;

const KEYS = ['network_mode', 'pid', 'ipc', 'uts', 'userns_mode'] as const;

export const c213HostNamespace = serviceRule({
  id: 'C213',
  name: 'host-namespace',
  severity: 'high',
  title: 'Host namespace shared',
  docs,
  references: ['kics:071a71ff-f868-47a4-ac0b-3c59e4ab5443', 'kics:4f31dd9f-2cc3-4751-9b53-67e4af83dac0', 'kics:baa3890f-bed7-46f5-ab8f-1da8fc91c729', 'kics:8af7162d-6c98-482f-868e-0d33fb675ca8'],
  links: {
    'Compose file reference: network_mode': 'https://docs.docker.com/reference/compose-file/services/#network_mode',
    'Compose file reference: pid': 'https://docs.docker.com/reference/compose-file/services/#pid',
  },
  controls: ['cis-docker:5.10', 'cis-docker:5.16', 'cis-docker:5.17', 'cis-docker:5.21', 'cis-docker:5.31'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['nodeAgent', 'ports'],
  *checkService(svc, src, ctx) {
    const found = matchedServiceProfile(svc, ctx.project);
    const agent = found?.profile.nodeAgent;
    for (const key of KEYS) {
      const setting = lookup(svc, key);
      if (scalarOf(setting?.value) !== 'host') continue;
      const what = key === 'network_mode' ? 'network' : key === 'userns_mode' ? 'user' : key.toUpperCase();
      const base = {
        ...rangeOf(svc, setting!.pair),
        locator: locator(svc, key),
        message: `Service "${svc.name}" shares the host's ${what} namespace (${key}: host)${sharedNote(setting)}.`,
      };
      if (agent && ((key === 'network_mode' && agent.hostNetwork) || (key === 'pid' && agent.hostPID))) {
        yield {
          ...base,
          severity: 'info',
          message: `Service "${svc.name}" shares the host's ${what} namespace (${key}: host): ${found!.profile.title} is a node agent that needs it.`,
          advice: `That is its purpose, so it is kept (source: ${agent.source}). Run it only where it should watch the host.`,
          certainty: found!.certainty,
          fix: null,
        };
        continue;
      }
      if (key === 'network_mode' && ports(svc).length === 0) {
        const listens = found?.profile.ports?.listens ?? [];
        yield {
          ...base,
          advice:
            'Kept: the service publishes no ports, so it is reached on the host\'s own ports (and may reach others on localhost); removing host networking would make it unreachable. ' +
            `To give it its own network, publish the ports it listens on${listens.length ? ` (its image listens on ${listens.join(', ')})` : ''} as \`ports: ["127.0.0.1:PORT:PORT"]\`, point what it connects to at service names instead of localhost, then remove network_mode: host.`,
          fix: null,
        };
        continue;
      }
      // An image nobody knows may be a host agent whose purpose is this namespace: a person says.
      const unknown = !found;
      yield {
        ...base,
        ...(unknown ? {certainty: 'not-known' as const, advice: `Whether ${image(svc) ?? 'its image'} needs the host's ${what} namespace is not known (monitoring and network agents do): confirm it does not before removing ${key}: host.`} : {certainty: found.certainty}),
        fix: {
          title: `Remove ${key}: host`,
          safety: 'unsafe',
          ...confirmFirst(unknown, `It does not need the host's ${what} namespace (shipshape cannot know what this image does)`),
          risk: key === 'network_mode' ? 'The service must publish its ports and reach others by service name.' : 'The service no longer sees the host namespace.',
          edits: (): Edit[] => removeKey(src, setting!.owner, key),
        },
      };
    }
  },
});
