import type {Edit, FindingDraft} from '../../core/model.js';
import type {YamlSource} from '../../core/source.js';
import {defineRule, param} from '../../core/rule.js';
import {locator, rangeOf, runsContainer, services, svcRange, type Service} from '../../formats/yaml/compose.js';
import {removeKey, setIn, setKey} from '../../formats/yaml/edit.js';
import {swarmStack} from '../../formats/yaml/swarm.js';
import {lookup, lookupPath, scalarOf, type Found} from '../../formats/yaml/nodes.js';
import {composeExample, isInterpolated, sharedNote} from './common.js';

const docs = `## What it does
Finds services without a \`restart\` policy, and a \`restart:\` value Compose does not know. An
explicit \`always\`/\`unless-stopped\` is a deliberate choice: it is reported as info (a crash loop
restarts forever) and never rewritten.

## Why it matters
A service without a restart policy stays down after a crash until someone notices. A service that
crashes should come back, but a crash loop that never stops hides the failure, floods the logs and
can hammer its dependencies: \`on-failure:3\` retries a few times and then leaves the container
stopped for someone to look at.

## Example
${composeExample('api', 'ghcr.io/acme/api:1.4')}

## Use instead
${composeExample('api', 'ghcr.io/acme/api:1.4', ['restart: on-failure:3'])}

## Fix safety
Unsafe: a service stopped by a host reboot is not started again by \`on-failure\` (only by
\`docker compose up\`). The fix adds \`restart:\` (parameter \`restart\`, \`on-failure:3\`) only where
the service sets none. A policy someone chose is kept: \`restart: "no"\`, \`deploy.restart_policy\`
and an interpolated \`\${RESTART}\` are not reported; \`always\` and \`unless-stopped\` (they bring the
stack back after a reboot) are reported as info without a fix; a value Compose does not know
(\`on_failure\`, \`yes\`) is reported without a fix, since only its author knows what was meant.
`;

/** `no`, `always`, `unless-stopped`, `on-failure` and `on-failure:N` (https://docs.docker.com/reference/compose-file/services/#restart). */
const KNOWN_POLICY = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

/** Swarm ignores `restart:`; its form is deploy.restart_policy {condition, max_attempts}. The old key goes. */
function swarmRestart(src: YamlSource, svc: Service, restart: Found | undefined | null, policy: string): Edit[] {
  const [condition, attempts] = policy.split(':');
  const value = {condition: condition === 'always' || condition === 'unless-stopped' ? 'any' : condition === 'no' ? 'none' : condition!, ...(attempts ? {max_attempts: Number(attempts)} : {})};
  return [...(restart && !restart.merged ? removeKey(src, restart.owner, 'restart') : []), ...setIn(src, svc.map, ['deploy', 'restart_policy'], value, {doc: svc.doc})];
}

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
  controls: ['cis-docker:5.15'],
  fix: 'unsafe',
  check(src, ctx) {
    const out: FindingDraft[] = [];
    const swarm = swarmStack(src, ctx.project);
    for (const svc of services(src)) {
      if (!runsContainer(svc)) continue;
      if (lookupPath(svc, ['deploy', 'restart_policy'])) continue;
      const restart = lookup(svc, 'restart');
      if (restart && swarm) {
        const value = scalarOf(restart.value);
        if (value === null || isInterpolated(value)) continue;
        const deliberate = value === 'always' || value === 'unless-stopped';
        out.push({
          ...rangeOf(svc, restart.pair),
          locator: locator(svc, 'restart'),
          message: `Service "${svc.name}" sets restart: ${value}, which Swarm ignores (${swarm})${deliberate ? ': its tasks restart on any exit, as the default restart_policy does' : ': its tasks restart on any exit, forever'}.`,
          ...(deliberate
            ? {severity: 'info' as const, advice: 'Nothing changes by removing it; write deploy.restart_policy (condition: on-failure, max_attempts: 3) if repeated crashes should leave the task down.', fix: null}
            : {fix: {title: `Write restart: ${value} as Swarm's deploy.restart_policy`, safety: 'unsafe' as const, params: [], risk: 'Tasks that used to restart on any exit restart only as the policy says.', edits: () => swarmRestart(src, svc, restart, value)}}),
        });
        continue;
      }
      if (restart) {
        const value = scalarOf(restart.value);
        if (value === null || isInterpolated(value) || value === 'no' || /^on-failure(:\d+)?$/.test(value)) continue;
        const deliberate = value === 'always' || value === 'unless-stopped';
        out.push({
          ...rangeOf(svc, restart.pair),
          locator: locator(svc, 'restart'),
          ...(deliberate
            ? {
                severity: 'info' as const,
                message: `Service "${svc.name}" uses restart: ${value}${sharedNote(restart)}: kept as chosen (it brings the service back after a reboot), but a crash loop restarts forever.`,
                advice: 'If the service should stay down after repeated crashes, use restart: on-failure:3 and a healthcheck; otherwise leave it.',
              }
            : {
                message: `Service "${svc.name}" uses restart: ${value}, which is not a restart policy Compose knows (no, always, on-failure[:N], unless-stopped).`,
                advice: 'Write the policy that was meant; the container cannot be created with this one.',
              }),
          fix: null,
        });
        continue;
      }
      out.push({
        ...svcRange(svc),
        locator: locator(svc, 'restart'),
        message: `Service "${svc.name}" has no restart policy${swarm ? ` (a Swarm stack: ${swarm}); its tasks restart on any exit, forever` : ': it stays down after a crash'}.`,
        fix: {
          title: 'Restart on failure, a bounded number of times',
          safety: 'unsafe',
          params: [param(ctx, 'restart', 'Restart policy', (v) => (KNOWN_POLICY.test(v) ? null : 'must be no, always, unless-stopped or on-failure[:N]'))],
          risk: 'After a host reboot the service is not started again automatically.',
          edits: (p) => (swarm ? swarmRestart(src, svc, null, p.restart ?? ctx.param('restart')) : setKey(src, svc.map, 'restart', p.restart ?? ctx.param('restart'), {doc: svc.doc})),
        },
      });
    }
    return out;
  },
});
