import type {FindingDraft} from '../../core/model.js';
import {defineRule, param} from '../../core/rule.js';
import {locator, rangeOf, runsContainer, services, svcRange} from '../../formats/yaml/compose.js';
import {setKey} from '../../formats/yaml/edit.js';
import {lookup, lookupPath, scalarOf} from '../../formats/yaml/nodes.js';
import {composeExample, sharedNote} from './common.js';

const docs = `## What it does
Finds services without a \`restart\` policy, or with \`always\`/\`unless-stopped\`, which restart a
crashing container forever.

## Why it matters
A service that crashes should come back, but a crash loop that never stops hides the failure,
floods the logs and can hammer its dependencies. \`on-failure:3\` retries a few times and then
leaves the container stopped for someone to look at.

## Example
${composeExample('api', 'ghcr.io/acme/api:1.4', ['restart: always'])}

## Use instead
${composeExample('api', 'ghcr.io/acme/api:1.4', ['restart: on-failure:3'])}

## Fix safety
Unsafe: a service stopped by a host reboot is not started again by \`on-failure\` (only by
\`docker compose up\`). The fix writes \`restart:\` (parameter \`restart\`, \`on-failure:3\`), in the
shared anchor when the value lives there. \`restart: "no"\` and \`deploy.restart_policy\` are
respected.
`;

export const c210RestartPolicy = defineRule({
  id: 'C210',
  name: 'restart-policy',
  kind: 'compose',
  severity: 'low',
  title: 'Restart policy missing or unbounded',
  docs,
  references: [],
  links: {
    'Compose file reference: restart': 'https://docs.docker.com/reference/compose-file/services/#restart',
  },
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      if (lookupPath(svc, ['deploy', 'restart_policy'])) continue;
      const restart = lookup(svc, 'restart');
      const value = scalarOf(restart?.value);
      if (restart && value !== 'always' && value !== 'unless-stopped') continue;
      out.push({
        ...(restart ? rangeOf(svc, restart.pair) : svcRange(svc)),
        locator: locator(svc, 'restart'),
        message: restart
          ? `Service "${svc.name}" uses restart: ${value}, which restarts a crash loop forever${sharedNote(restart)}.`
          : `Service "${svc.name}" has no restart policy: it stays down after a crash.`,
        fix: {
          title: 'Restart on failure, a bounded number of times',
          safety: 'unsafe',
          params: [param(ctx, 'restart', 'Restart policy')],
          risk: 'After a host reboot the service is not started again automatically.',
          edits: (p) => setKey(src, restart ? restart.owner : svc.map, 'restart', p.restart ?? ctx.param('restart'), {doc: svc.doc}),
        },
      });
    }
    return out;
  },
});
