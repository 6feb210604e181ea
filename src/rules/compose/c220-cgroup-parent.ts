import {lookup, scalarOf} from '../../formats/yaml/nodes.js';
import {composeExample, sharedNote} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services that choose their own cgroup: \`cgroup_parent:\`, or \`cgroup: host\` (the host's
cgroup namespace).

## Why it matters
The cgroup a container runs in decides which memory, CPU and process limits apply to it. A custom
parent places it under limits (or no limits) someone set up on the host outside this file, and the
host cgroup namespace shows it the host's whole cgroup tree. The CIS Docker Benchmark asks that
each use be confirmed.

## Example
${composeExample('worker', 'ghcr.io/acme/worker:1.2', ['cgroup_parent: /system.slice'])}

## Use instead
${composeExample('worker', 'ghcr.io/acme/worker:1.2', ['deploy:', '  resources:', '    limits: {memory: 512M, cpus: "1", pids: 100}'])}

## Fix safety
No automatic fix: the parent may be how the host operator limits this service. Confirm it is
needed; otherwise remove it and set the service's limits in the file.
`;

export const c220CgroupParent = serviceRule({
  id: 'C220',
  name: 'cgroup-parent',
  severity: 'low',
  title: 'Custom cgroup parent or host cgroup namespace',
  docs,
  references: [],
  links: {'Compose file reference: cgroup_parent': 'https://docs.docker.com/reference/compose-file/services/#cgroup_parent'},
  controls: ['cis-docker:5.25'],
  fix: null,
  *checkService(svc) {
    const parent = lookup(svc, 'cgroup_parent');
    const parentValue = scalarOf(parent?.value);
    if (parent && parentValue) {
      yield serviceFinding(svc, parent.pair, 'cgroup_parent', `Service "${svc.name}" runs under cgroup parent ${parentValue}${sharedNote(parent)}: limits set on the host, not in this file, apply to it.`, {
        advice: 'Confirm the parent is needed; otherwise remove cgroup_parent and set deploy.resources.limits.',
      });
    }
    const ns = lookup(svc, 'cgroup');
    if (ns && scalarOf(ns.value) === 'host') {
      yield serviceFinding(svc, ns.pair, 'cgroup', `Service "${svc.name}" uses the host's cgroup namespace (cgroup: host) and sees the host's whole cgroup tree.`, {
        advice: 'Remove cgroup: host unless the service manages cgroups of the host (a node agent).',
      });
    }
  },
});
