import type {Edit} from '../../core/model.js';
import {insertOptions, optionNamed, removeOption} from '../../formats/commands/docker-cli.js';
import {at, commandRule, isService, param, runDocs, valueOf, WHERE} from './common.js';

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
    safety: 'Unsafe: a service that starts many processes or threads (a JVM, a worker pool) fails to start new ones at the limit. The fix adds `--pids-limit 100` (`--limit-pids` for a service; parameter `pidsLimit`), replacing an unlimited value.',
  }),
  references: [],
  links: {'docker run: --pids-limit': 'https://docs.docker.com/reference/cli/docker/container/run/'},
  controls: ['cis-docker:5.29'],
  fix: 'unsafe',
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const option = isService(cmd) ? '--limit-pids' : '--pids-limit';
    const given = optionNamed(cmd, option);
    const unlimited = given.filter((o) => !o.dynamic && /^(-1|0)$/.test(o.value ?? ''));
    if (given.length > 0 && unlimited.length === 0) return;
    const limit = param(ctx, 'pidsLimit', 'Process limit', (v) => (/^[1-9]\d*$/.test(v) ? null : 'must be a positive number'));
    const removals = unlimited.map((o) => removeOption(cmd, o));
    const editable = cmd.editable && removals.every((e) => e !== null);
    yield at(cmd, `${locator} > ${option}`, `\`${cmd.tool} ${cmd.verb}\` ${unlimited.length ? `sets ${option} ${unlimited[0]!.value} (no limit)` : `sets no process limit (${option})`}: a fork bomb exhausts the host's process table`, {
      fix: editable
        ? {
            title: `Set ${option}`,
            safety: 'unsafe',
            params: [limit],
            risk: 'A service that starts many processes or threads fails at the limit.',
            edits: (p): Edit[] => [...(removals as Edit[]), insertOptions(cmd, `${option} ${valueOf(p, limit)}`)],
          }
        : null,
    });
  },
});
