import {defineRule, param} from '../../core/rule.js';
import {locator, svcRange} from '../../formats/yaml/compose.js';
import {cpusValue, limitEdits, servicesWithLimit} from './limits.js';
import {composeExample} from './common.js';

const docs = `## What it does
Finds services without a CPU limit (\`deploy.resources.limits.cpus\` or \`cpus\`).

## Why it matters
A busy or hijacked container (a crypto miner is the classic) can take every core of the host and
starve the other services.

## Example
${composeExample('worker', 'ghcr.io/acme/worker:1.0')}

## Use instead
${composeExample('worker', 'ghcr.io/acme/worker:1.0', ['deploy:', '  resources:', '    limits:', '      cpus: "1"'])}

## Fix safety
Unsafe: a CPU-hungry service gets slower. The fix writes \`cpus\` (parameter \`cpus\`, 1) in the
same form as the file's other limits (\`deploy.resources.limits\` by default, \`cpus:\` where the
legacy keys are used). CPU reservations are not written: Compose ignores them outside Swarm.
`;

export const c208NoCpuLimit = defineRule({
  id: 'C208',
  name: 'no-cpu-limit',
  kind: 'compose',
  severity: 'low',
  title: 'No CPU limit',
  docs,
  references: ['kics:6b610c50-99fb-4ef0-a5f3-e312fd945bc3'],
  links: {
    'Compose Deploy Specification: resources': 'https://docs.docker.com/reference/compose-file/deploy/#resources',
  },
  controls: ['cis-docker:5.12'],
  fix: 'unsafe',
  *check(src, ctx) {
    for (const {svc, current, swarm} of servicesWithLimit(src, ctx.project, 'cpus')) {
      if (current) continue;
      yield {
        ...svcRange(svc),
        locator: locator(svc),
        message: `Service "${svc.name}" has no CPU limit: it can starve the other services of CPU.`,
        fix: {
          title: 'Add a CPU limit',
          safety: 'unsafe',
          params: [param(ctx, 'cpus', 'CPU limit')],
          risk: 'A CPU-hungry service becomes slower.',
          edits: (p) => limitEdits(svc, 'cpus', cpusValue(p.cpus ?? ctx.param('cpus')), null, swarm),
        },
      };
    }
  },
});
