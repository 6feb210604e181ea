import {removeKey} from '../../formats/yaml/edit.js';
import {lookup} from '../../formats/yaml/nodes.js';
import {composeExample, matchedServiceProfile, sharedNote} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services with \`privileged: true\`.

## Why it matters
A privileged container gets every capability, all host devices and no seccomp/AppArmor
confinement: root in it is root on the host.

## Example
${composeExample('agent', 'alpine:3.20', ['privileged: true'])}

## Use instead
${composeExample('agent', 'alpine:3.20', ['cap_add: [NET_ADMIN]'])}

## Fix safety
Unsafe: the fix removes \`privileged: true\`. A service that really needs a device or a capability
must then ask for exactly that (\`devices:\`, \`cap_add:\`). A value in a shared anchor is removed
there, once, for every service that merges it. A node agent whose profile says it runs privileged
(cAdvisor, to read every container's cgroups and devices) is reported as info and kept: that is
its purpose.
`;

export const c202Privileged = serviceRule({
  id: 'C202',
  name: 'privileged',
  severity: 'critical',
  title: 'Privileged container',
  docs,
  references: ['kics:ae5b6871-7f45-42e0-bb4c-ab300c4d2026'],
  links: {
    'Compose file reference: privileged': 'https://docs.docker.com/reference/compose-file/services/#privileged',
  },
  controls: ['cis-docker:5.5'],
  fix: 'unsafe',
  profileFacts: ['nodeAgent'],
  *checkService(svc, src, ctx) {
    const found = lookup(svc, 'privileged');
    if (!found || !(found.value && 'value' in found.value && found.value.value === true)) return;
    const profile = matchedServiceProfile(svc, ctx.project);
    const agent = profile?.profile.nodeAgent;
    if (agent?.privileged) {
      yield serviceFinding(svc, found.pair, 'privileged', `Service "${svc.name}" runs privileged: ${profile!.profile.title} is a node agent that needs it.`, {
        severity: 'info',
        advice: `That is its purpose, so it is kept (source: ${agent.source}). Run it only where it should watch the host.`,
        certainty: profile!.certainty,
        fix: null,
      });
      return;
    }
    yield serviceFinding(svc, found.pair, 'privileged', `Service "${svc.name}" runs privileged: it gets every capability and the host's devices${sharedNote(found)}.`, {
      fix: {
        title: 'Remove privileged: true',
        safety: 'unsafe',
        params: [],
        risk: 'A service that needs a device or capability must request it explicitly.',
        edits: () => removeKey(src, found.owner, 'privileged'),
      },
    });
  },
});
