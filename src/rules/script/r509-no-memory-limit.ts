import {hasOption} from '../../formats/commands/docker-cli.js';
import {at, commandRule, insertFix, isService, param, runDocs, valueOf, WHERE} from './common.js';

export const r509NoMemoryLimit = commandRule({
  id: 'R509',
  name: 'run-no-memory-limit',
  severity: 'medium',
  title: 'Long-running container without a memory limit',
  docs: runDocs({
    what: `Finds long-running container commands without \`--memory\` (\`-m\`), and \`docker service create\` without \`--limit-memory\`, ${WHERE}.`,
    why: 'Without a limit one container can take all the memory of the host; the kernel then kills processes, not necessarily in the container that leaks.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --memory 512M --name api ghcr.io/acme/api:1.2',
    safety: 'Unsafe: a service that needs more is killed when it reaches the limit. The fix adds `--memory 512M` (`--limit-memory` for a service; parameter `memory`).',
  }),
  references: [],
  links: {'Resource constraints: memory': 'https://docs.docker.com/engine/containers/resource_constraints/#memory'},
  controls: ['cis-docker:5.11'],
  fix: 'unsafe',
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const option = isService(cmd) ? '--limit-memory' : '--memory';
    if (hasOption(cmd, option)) return;
    const memory = param(ctx, 'memory', 'Memory limit');
    yield at(cmd, `${locator} > ${option}`, `\`${cmd.tool} ${cmd.verb}\` sets no memory limit (${option}): it can take all the memory of the host`, {
      fix: insertFix(cmd, `Add ${option}`, 'A service that needs more is killed at the limit.', (p) => `${option} ${valueOf(p, memory)}`, [memory]),
    });
  },
});
