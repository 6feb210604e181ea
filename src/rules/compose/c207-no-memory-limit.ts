import type {FindingDraft} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {locator, runsContainer, services, svcRange} from '../../formats/yaml/compose.js';
import {currentLimit, limitEdits} from './limits.js';
import {composeExample} from './common.js';

const docs = `## What it does
Finds services without a memory limit (\`deploy.resources.limits.memory\` or \`mem_limit\`).

## Why it matters
Without a limit one leaking or attacked container can take all of the host's memory and get other
services killed by the kernel's OOM killer.

## Example
${composeExample('worker', 'ghcr.io/acme/worker:1.0')}

## Use instead
${composeExample('worker', 'ghcr.io/acme/worker:1.0', ['deploy:', '  resources:', '    limits:', '      memory: 512M', '    reservations:', '      memory: 256M'])}

## Fix safety
Unsafe: a service that needs more memory than the limit is killed. The fix writes the limit
(parameter \`memory\`, 512M) and a reservation (\`memoryReservation\`, 256M, only when none exists)
in one form: \`deploy.resources.limits\` (Compose v2 applies it without Swarm, and it also takes
\`pids\`), or \`mem_limit\`/\`mem_reservation\` where the service or file already uses the legacy
keys. It never writes both forms for one value.
`;

export const c207NoMemoryLimit = defineRule({
  id: 'C207',
  name: 'no-memory-limit',
  kind: 'compose',
  severity: 'medium',
  title: 'No memory limit',
  docs,
  references: ['kics:bb9ac4f7-e13b-423d-a010-c74a1bfbe492'],
  links: {
    'Compose Deploy Specification: resources': 'https://docs.docker.com/reference/compose-file/deploy/#resources',
    'Compose file reference: mem_limit': 'https://docs.docker.com/reference/compose-file/services/#mem_limit',
  },
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      if (currentLimit(svc, 'memory')) continue;
      out.push({
        ...svcRange(svc),
        locator: locator(svc),
        message: `Service "${svc.name}" has no memory limit: it can exhaust the host's memory.`,
        fix: {
          title: 'Add a memory limit',
          safety: 'unsafe',
          params: [param(ctx, 'memory', 'Memory limit'), param(ctx, 'memoryReservation', 'Memory reservation')],
          risk: 'The service is killed when it needs more memory than the limit.',
          edits: (p) => limitEdits(svc, 'memory', p.memory ?? ctx.param('memory'), p.memoryReservation ?? ctx.param('memoryReservation')),
        },
      });
    }
    return out;
  },
});
