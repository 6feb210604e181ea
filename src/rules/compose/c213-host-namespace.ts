import type {Edit, FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {locator, rangeOf, services} from '../../formats/yaml/compose.js';
import {removeKey} from '../../formats/yaml/edit.js';
import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {composeExample, sharedNote} from './common.js';

const docs = `## What it does
Finds services that share a host namespace: \`network_mode: host\`, \`pid: host\`, \`ipc: host\`,
\`userns_mode: host\`.

## Why it matters
The host's network namespace exposes every host interface and local-only port to the container;
its PID namespace lets it see and signal (or ptrace) host processes; its IPC namespace shares
memory segments; the host user namespace turns off user remapping.

## Example
${composeExample('monitor', 'ghcr.io/acme/monitor:1.2', ['network_mode: host', 'pid: host'])}

## Use instead
${composeExample('monitor', 'ghcr.io/acme/monitor:1.2', ['ports:', '  - "127.0.0.1:9100:9100"'])}

## Fix safety
Unsafe: the service then runs in its own namespaces; a service that used host networking must
publish its ports (\`ports:\`) and reach other services by name. The fix removes the keys (in the
shared anchor when they live there).
`;

const KEYS = ['network_mode', 'pid', 'ipc', 'userns_mode'] as const;

export const c213HostNamespace = defineRule({
  id: 'C213',
  name: 'host-namespace',
  kind: 'compose',
  severity: 'high',
  title: 'Host namespace shared',
  docs,
  references: ['kics:071a71ff-f868-47a4-ac0b-3c59e4ab5443', 'kics:4f31dd9f-2cc3-4751-9b53-67e4af83dac0', 'kics:baa3890f-bed7-46f5-ab8f-1da8fc91c729', 'kics:8af7162d-6c98-482f-868e-0d33fb675ca8'],
  links: {
    'Compose file reference: network_mode': 'https://docs.docker.com/reference/compose-file/services/#network_mode',
    'Compose file reference: pid': 'https://docs.docker.com/reference/compose-file/services/#pid',
  },
  fix: 'unsafe',
  check(src) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      for (const key of KEYS) {
        const found = lookup(svc, key);
        if (scalarOf(found?.value) !== 'host') continue;
        out.push({
          ...rangeOf(svc, found!.pair),
          locator: locator(svc, key),
          message: `Service "${svc.name}" shares the host's ${key === 'network_mode' ? 'network' : key === 'userns_mode' ? 'user' : key.toUpperCase()} namespace (${key}: host)${sharedNote(found)}.`,
          fix: {
            title: `Remove ${key}: host`,
            safety: 'unsafe',
            params: [],
            risk: key === 'network_mode' ? 'The service must publish its ports and reach others by service name.' : 'The service no longer sees the host namespace.',
            edits: (): Edit[] => removeKey(src, found!.owner, key),
          },
        });
      }
    }
    return out;
  },
});
