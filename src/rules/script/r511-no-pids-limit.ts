import type {Edit} from '../../core/model.js';
import {insertOptions, optionNamed, removeOption} from '../../formats/commands/docker-cli.js';
import {pidsSizing} from '../../knowledge/resource-limits.js';
import {at, commandRule, declaredHeapOf, isService, runDocs, sizingSubject, WHERE} from './common.js';

export const r511NoPidsLimit = commandRule({
  id: 'R511',
  name: 'run-no-pids-limit',
  severity: 'medium',
  title: 'Long-running container without a process limit',
  docs: runDocs({
    what: `Finds long-running container commands without \`--pids-limit\` (or with \`-1\`/\`0\`), and \`docker service create\` without \`--limit-pids\`, ${WHERE}.`,
    why: 'A fork bomb or a thread leak in one container exhausts the process table of the host, and then nothing can start, not even a shell to repair it.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --pids-limit 100 --name api ghcr.io/acme/api:1.2',
    safety:
      'Unsafe: a service that starts many processes or threads fails to start new ones at the limit. The limit follows the image\'s profile as C209 reads it (knowledge/resource-limits.ts): none is written for a JVM (one that declares its heap, or a JVM image), a database, a broker or an image that starts many threads (ClickHouse), since a small limit stops them; the finding says how to measure one. A proxy gets 1024. Where nothing tells, the `pidsLimit` default (100) is a guess a person confirms (`fix --write --unsafe` leaves it, the wizard asks), and so is replacing an explicit `-1`, which someone chose. The fix adds `--pids-limit` (`--limit-pids` for a service).',
  }),
  references: [],
  links: {'docker run: --pids-limit': 'https://docs.docker.com/reference/cli/docker/container/run/'},
  controls: ['cis-docker:5.29'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['resources'],
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const option = isService(cmd) ? '--limit-pids' : '--pids-limit';
    const given = optionNamed(cmd, option);
    const unlimited = given.filter((o) => !o.dynamic && /^(-1|0)$/.test(o.value ?? ''));
    if (given.length > 0 && unlimited.length === 0) return;
    const sized = pidsSizing(sizingSubject(cmd), declaredHeapOf(cmd));
    const message = `\`${cmd.tool} ${cmd.verb}\` ${unlimited.length ? `sets ${option} ${unlimited[0]!.value} (no limit)` : `sets no process limit (${option})`}: a fork bomb exhausts the host's process table`;
    if (sized.value === null) {
      yield at(cmd, `${locator} > ${option}`, message, {
        advice: `No limit is written: ${sized.basis}. To set one, watch its PIDS column in \`docker stats\` under load and allow at least twice that.`,
        certainty: sized.certainty,
      });
      return;
    }
    const value = sized.value === 'default' ? ctx.param('pidsLimit') : String(sized.value);
    // An explicit -1 was chosen on purpose: replacing it waits for a person, like a guess.
    const ask = sized.ask || unlimited.length > 0;
    const removals = unlimited.map((o) => removeOption(cmd, o));
    const editable = cmd.editable && removals.every((e) => e !== null);
    yield at(cmd, `${locator} > ${option}`, message, {
      advice: sized.ask ? `${value} is only a guess: ${sized.basis}. Watch its PIDS column in \`docker stats\` under load and confirm a limit well above that.` : `${value}: ${sized.basis}.`,
      certainty: sized.certainty,
      fix: editable
        ? {
            title: `Set ${option} ${value}`,
            safety: 'unsafe',
            params: [{name: 'pidsLimit', label: ask ? 'Process limit (a guess: confirm what it needs)' : 'Process limit', default: value, validate: (v) => (/^[1-9]\d*$/.test(v) ? null : 'must be a positive number')}],
            ...(ask ? {needsInput: ['pidsLimit']} : {}),
            risk: 'A service that starts many processes or threads fails at the limit.',
            edits: (p): Edit[] => [...(removals as Edit[]), insertOptions(cmd, `${option} ${p.pidsLimit || value}`)],
          }
        : null,
    });
  },
});
