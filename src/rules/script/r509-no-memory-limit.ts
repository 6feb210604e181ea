import type {Edit} from '../../core/model.js';
import {hasOption, insertOptions, optionNamed, removeOption} from '../../formats/commands/docker-cli.js';
import {composeSize, isSize, parseSize, sizeWords} from '../../knowledge/jvm-memory.js';
import {memorySizing, reservationOf} from '../../knowledge/resource-limits.js';
import {at, commandRule, declaredHeapOf, isService, runDocs, sizingSubject, WHERE} from './common.js';

export const r509NoMemoryLimit = commandRule({
  id: 'R509',
  name: 'run-no-memory-limit',
  severity: 'medium',
  title: 'Long-running container without a memory limit',
  docs: runDocs({
    what: `Finds long-running container commands without \`--memory\` (\`-m\`), \`docker service create\` without \`--limit-memory\`, and a limit at or below the JVM heap the command declares, ${WHERE}.`,
    why: 'Without a limit one container can take all the memory of the host; the kernel then kills processes, not necessarily in the container that leaks. A limit no larger than the JVM heap gets the container killed as soon as the heap fills.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --memory 512M --memory-reservation 256M --name api ghcr.io/acme/api:1.2',
    safety:
      'Unsafe: a service that needs more is killed when it reaches the limit. The fix adds `--memory` and, when none is set, `--memory-reservation` (`--limit-memory` and `--reserve-memory` for a service), sized as C207 sizes a Compose service (knowledge/resource-limits.ts): from the JVM heap the command declares (`-e JAVA_OPTS=-Xmx1g`, the command) as heap + 10% + 512M, else the heap its image starts with, else its image profile\'s class (a database 1G), else the `memory` default (512M) as a guess a person confirms (`fix --write --unsafe` leaves it, the wizard asks). `shipshape explain R509 --image IMAGE` shows the profile used.',
  }),
  references: [],
  links: {'Resource constraints: memory': 'https://docs.docker.com/engine/containers/resource_constraints/#memory'},
  controls: ['cis-docker:5.11'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['resources'],
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const option = isService(cmd) ? '--limit-memory' : '--memory';
    const reserve = isService(cmd) ? '--reserve-memory' : '--memory-reservation';
    const heap = declaredHeapOf(cmd);
    const sized = memorySizing(sizingSubject(cmd), heap);
    const value = sized.mib !== null ? composeSize(sized.mib) : ctx.param('memory');
    const reservation = sized.mib !== null ? composeSize(reservationOf(sized.mib)) : ctx.param('memoryReservation');
    const given = optionNamed(cmd, option).at(-1);
    if (given) {
      // A limit at or below the heap the command declares: the JVM is killed as soon as its heap fills.
      const bytes = given.dynamic || !given.value ? null : parseSize(given.value);
      if (bytes === null || !heap || bytes > heap.bytes) return;
      const removal = removeOption(cmd, given);
      yield at(cmd, `${locator} > ${option}`, `\`${cmd.tool} ${cmd.verb}\` limits its memory to ${given.value}, no more than the ${sizeWords(heap.bytes)} JVM heap it declares (${heap.where}): it is killed as soon as the heap fills`, {
        advice: `${value}: ${sized.basis}.`,
        certainty: 'inferred',
        fix: cmd.editable && removal
          ? {title: `Raise the memory limit to ${value}`, safety: 'unsafe', params: [{name: 'memory', label: 'Memory limit', default: value, validate: isSize}], risk: 'The container may use more of the memory of the host.', edits: (p): Edit[] => [removal, insertOptions(cmd, `${option} ${p.memory || value}`)]}
          : null,
      });
      return;
    }
    const withReservation = !hasOption(cmd, reserve);
    yield at(cmd, `${locator} > ${option}`, `\`${cmd.tool} ${cmd.verb}\` sets no memory limit (${option}): it can take all the memory of the host`, {
      advice: sized.ask ? `${value} is only a guess: ${sized.basis}. Measure it (\`docker stats\` under load) and confirm a limit with room above that.` : `${value}: ${sized.basis}.`,
      certainty: sized.certainty,
      fix: cmd.editable
        ? {
            title: `Add ${option} ${value}`,
            safety: 'unsafe',
            params: [
              {name: 'memory', label: sized.ask ? 'Memory limit (a guess: confirm what it needs)' : 'Memory limit', default: value, validate: isSize},
              ...(withReservation ? [{name: 'memoryReservation', label: 'Memory reservation', default: reservation, validate: isSize}] : []),
            ],
            ...(sized.ask ? {needsInput: ['memory']} : {}),
            risk: 'A service that needs more is killed at the limit.',
            edits: (p): Edit[] => [insertOptions(cmd, `${option} ${p.memory || value}${withReservation ? ` ${reserve} ${p.memoryReservation || reservation}` : ''}`)],
          }
        : null,
    });
  },
});
