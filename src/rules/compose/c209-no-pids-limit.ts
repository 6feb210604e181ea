import {defineRule} from '../../core/rule.js';
import {locator, rangeOf, svcRange} from '../../formats/yaml/compose.js';
import {renderScalar} from '../../formats/yaml/render.js';
import {detectStyle} from '../../formats/yaml/style.js';
import {limitEdits, pidsSuggestion, servicesWithLimit} from './limits.js';
import {composeExample, isInterpolated} from './common.js';

const docs = `## What it does
Finds services without a process limit (\`deploy.resources.limits.pids\` or \`pids_limit\`), or
with \`-1\` (unlimited).

## Why it matters
A fork bomb or a runaway worker pool in one container can exhaust the host's process table and
take every other service down with it.

## Example
${composeExample('worker', 'ghcr.io/acme/worker:1.0')}

## Use instead
${composeExample('worker', 'ghcr.io/acme/worker:1.0', ['deploy:', '  resources:', '    limits:', '      pids: 100'])}

## Fix safety
Unsafe: a service that needs more processes or threads fails to create them. The fix writes the
limit (parameter \`pidsLimit\`, 100) in the form of the file's other limits
(\`deploy.resources.limits.pids\` by default, \`pids_limit\` where the legacy keys are used) and
replaces \`-1\`/\`0\` in place.

The limit follows the image's profile: no limit is written for a JVM (one that declares its heap,
or a JVM image), a database, a broker or an image that starts many threads (ClickHouse, SonarQube),
since a small limit stops them creating threads or serving connections; the finding says how to
measure one. A proxy gets 1024 (a worker per CPU). Where nothing tells, the \`pidsLimit\` default is
a guess the wizard asks about (\`fix --write --unsafe\` leaves it alone), and so is replacing an
explicit \`-1\`, which someone chose. An interpolated \`\${PIDS}\` is the user's.
`;

export const c209NoPidsLimit = defineRule({
  id: 'C209',
  name: 'no-pids-limit',
  kind: 'compose',
  severity: 'medium',
  title: 'No process (pids) limit',
  docs,
  references: ['kics:221e0658-cb2a-44e3-b08a-db96a341d6fa'],
  links: {
    'Compose file reference: pids_limit': 'https://docs.docker.com/reference/compose-file/services/#pids_limit',
    'Compose Deploy Specification: resources': 'https://docs.docker.com/reference/compose-file/deploy/#resources',
  },
  controls: ['cis-docker:5.29'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['resources'],
  *check(src, ctx) {
    for (const {svc, current: cur, swarm} of servicesWithLimit(src, ctx.project, 'pids')) {
      // `pids_limit: ${PIDS}` is set where the file is used: the user's.
      if (cur && isInterpolated(cur.value)) continue;
      const unlimited = cur !== null && Number(cur.value) <= 0;
      if (cur && !unlimited) continue;
      const suggestion = pidsSuggestion(svc, ctx);
      const base = {
        ...(cur ? rangeOf(svc, cur.lookup.pair) : svcRange(svc)),
        locator: locator(svc),
        message: unlimited ? `Service "${svc.name}" sets an unlimited process count (${cur!.value}).` : `Service "${svc.name}" has no process limit: a fork bomb can exhaust the host.`,
        certainty: suggestion.certainty,
      };
      if (suggestion.value === null) {
        yield {
          ...base,
          advice: `No limit is written: ${suggestion.basis}. To set one, watch its PIDS column in \`docker stats\` under load and allow at least twice that.`,
          fix: null,
        };
        continue;
      }
      // An explicit -1 was chosen on purpose: replacing it waits for a person, like a guess.
      const ask = suggestion.ask || unlimited;
      yield {
        ...base,
        advice: suggestion.ask ? `${suggestion.value} is only a guess: ${suggestion.basis}. Watch its PIDS column in \`docker stats\` under load and confirm a limit well above that.` : `${suggestion.value}: ${suggestion.basis}.`,
        fix: {
          title: `Add a process limit (${suggestion.value})`,
          safety: 'unsafe',
          params: [{name: 'pidsLimit', label: ask ? 'Process limit (a guess: confirm what it needs)' : 'Process limit', default: suggestion.value, validate: (v) => (/^[1-9]\d*$/.test(v) ? null : 'must be a positive number')}],
          ...(ask ? {needsInput: ['pidsLimit']} : {}),
          risk: 'A service that needs more processes or threads cannot create them.',
          edits: (p) => {
            const value = Number(p.pidsLimit || suggestion.value);
            if (cur && cur.lookup.pair.value?.range) {
              const r = cur.lookup.pair.value.range;
              return [{file: src.path, start: r[0], end: r[1], text: renderScalar(value, detectStyle(src, src.docs))}];
            }
            return limitEdits(svc, 'pids', value, null, swarm);
          },
        },
      };
    }
  },
});
