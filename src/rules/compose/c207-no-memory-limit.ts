import type {FindingDraft} from '../../core/model.js';
import {defineRule, type RuleContext} from '../../core/rule.js';
import {locator, rangeOf, type Service, svcRange} from '../../formats/yaml/compose.js';
import {declaredHeap, limitEdits, memorySuggestion, servicesWithLimit} from './limits.js';
import {composeExample, matchedServiceProfile} from './common.js';
import {isSize, parseSize, sizeWords} from '../../knowledge/jvm-memory.js';

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

The limit comes from what the service declares, else from its image's profile: a JVM heap
(\`-Xmx\`/\`-XX:MaxHeapSize\` in \`JAVA_OPTS\`, \`JAVA_TOOL_OPTIONS\`, \`KAFKA_HEAP_OPTS\`,
\`ES_JAVA_OPTS\`, the variables the profile names, or the command) gets heap + 10% + 512M outside the
heap, rounded up to 64M (code cache, thread stacks and metaspace, per the Cloud Foundry/Paketo memory
calculator; Elasticsearch and OpenSearch at least twice the heap); an image that starts with a heap of
its own (Kafka 1G, ZooKeeper 512M) the same from that; a database or JVM without one 1G; and where
nothing tells, the \`memory\` default is a guess the wizard asks about (\`fix --write --unsafe\` leaves
it alone). A limit at or below the heap the service declares is reported too, with a fix that
raises it. \`knowledge/jvm-memory.ts\` and \`knowledge/resource-classes.ts\` hold the formula, the
classes and their sources.
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
  controls: ['cis-docker:5.11'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['resources'],
  *check(src, ctx) {
    for (const {svc, current, swarm} of servicesWithLimit(src, ctx.project, 'memory')) {
      if (current) {
        const tooSmall = belowHeap(svc, ctx, current.value);
        if (tooSmall) yield {...rangeOf(svc, current.lookup.pair), locator: locator(svc), ...tooSmall};
        continue;
      }
      const suggestion = memorySuggestion(svc, ctx);
      yield {
        ...svcRange(svc),
        locator: locator(svc),
        message: `Service "${svc.name}" has no memory limit: it can exhaust the host's memory.`,
        advice: suggestion.ask
          ? `${suggestion.value} is only a guess: ${suggestion.basis}. Measure it (\`docker stats\` under load) and confirm a limit with room above that.`
          : `${suggestion.value}: ${suggestion.basis}.`,
        certainty: suggestion.certainty,
        fix: {
          title: `Add a memory limit (${suggestion.value})`,
          safety: 'unsafe',
          params: [
            {name: 'memory', label: suggestion.ask ? 'Memory limit (a guess: confirm what it needs)' : 'Memory limit', default: suggestion.value!, validate: isSize},
            {name: 'memoryReservation', label: 'Memory reservation', default: suggestion.reservation ?? ctx.param('memoryReservation'), validate: isSize},
          ],
          ...(suggestion.ask ? {needsInput: ['memory']} : {}),
          risk: 'The service is killed when it needs more memory than the limit.',
          edits: (p) => limitEdits(svc, 'memory', p.memory || suggestion.value!, p.memoryReservation || suggestion.reservation || ctx.param('memoryReservation'), swarm),
        },
      };
    }
  },
});

/** A memory limit at or below the heap the service declares: the JVM is OOM-killed as soon as its heap fills. */
function belowHeap(svc: Service, ctx: RuleContext, limit: string): Pick<FindingDraft, 'message' | 'advice' | 'certainty' | 'fix'> | null {
  const bytes = parseSize(limit);
  const heap = declaredHeap(svc, ctx.project, matchedServiceProfile(svc, ctx.project)?.profile.resources?.heapEnv ?? []);
  if (bytes === null || !heap || bytes > heap.bytes) return null;
  const suggestion = memorySuggestion(svc, ctx);
  return {
    message: `Service "${svc.name}" limits its memory to ${limit}, no more than the ${sizeWords(heap.bytes)} JVM heap it declares (${heap.where}): it is killed as soon as the heap fills.`,
    advice: `${suggestion.value}: ${suggestion.basis}.`,
    certainty: 'inferred',
    fix: {
      title: `Raise the memory limit to ${suggestion.value}`,
      safety: 'unsafe',
      params: [{name: 'memory', label: 'Memory limit', default: suggestion.value!, validate: isSize}],
      risk: 'The service may use more of the memory of the host.',
      edits: (p) => limitEdits(svc, 'memory', p.memory || suggestion.value!, null),
    },
  };
}
