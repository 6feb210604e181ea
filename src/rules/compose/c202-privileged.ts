import {confirmFirst} from '../../core/params.js';
import {image} from '../../formats/yaml/compose.js';
import {removeKey} from '../../formats/yaml/edit.js';
import {lookup} from '../../formats/yaml/nodes.js';
import {composeExample, serviceProfile, sharedNote} from './common.js';
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
its purpose. For an image nobody knows, or a service built here (its own program may be a host
agent, a device or network tool), the removal waits for a person to confirm it: \`fix --write
--unsafe\` leaves it and the wizard asks, as R501 does for \`docker run --privileged\`.
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
  needsInput: true,
  profileFacts: ['nodeAgent'],
  *checkService(svc, src, ctx) {
    const found = lookup(svc, 'privileged');
    if (!found || !(found.value && 'value' in found.value && found.value.value === true)) return;
    const known = serviceProfile(svc, ctx.project);
    const profile = known && known.found.certainty !== 'not-known' ? known.found : null;
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
    // What an image nobody knows (or the program built here) does with it is not known: a host
    // monitoring, network or storage agent needs it, so a person confirms the removal.
    const unknown = !profile || known!.from === 'base';
    const what = known?.from === 'base' ? 'the program built here' : (image(svc) ?? 'its image');
    yield serviceFinding(svc, found.pair, 'privileged', `Service "${svc.name}" runs privileged: it gets every capability and the host's devices${sharedNote(found)}.`, {
      ...(unknown
        ? {certainty: profile ? 'inferred' as const : 'not-known' as const, advice: `Whether ${what} needs it is not known (host monitoring, network and storage agents do): confirm it does not before removing it, or give it only the devices and capabilities it uses (devices:, cap_add:).`}
        : {certainty: profile.certainty}),
      fix: {
        title: 'Remove privileged: true',
        safety: 'unsafe',
        ...confirmFirst(unknown, 'It does not need privileged: true (shipshape cannot know what it does)'),
        risk: 'A service that needs a device or capability must request it explicitly.',
        edits: () => removeKey(src, found.owner, 'privileged'),
      },
    });
  },
});
