import {hasOption} from '../../formats/commands/docker-cli.js';
import {valueOf} from '../../core/params.js';
import {param} from '../../core/rule.js';
import {at, commandRule, insertFix, isService, runDocs, WHERE} from './common.js';

export const r510NoCpuLimit = commandRule({
  id: 'R510',
  name: 'run-no-cpu-limit',
  severity: 'low',
  title: 'Long-running container without a CPU limit',
  docs: runDocs({
    what: `Finds long-running container commands with none of \`--cpus\`, \`--cpu-quota\`, \`--cpu-shares\` (\`-c\`), \`--cpuset-cpus\`, and \`docker service create\` without \`--limit-cpu\`, ${WHERE}.`,
    why: 'A container without a CPU limit or priority can starve every other container and the host itself when it spins.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --cpus 1 --name api ghcr.io/acme/api:1.2',
    safety: 'Unsafe: a service that needs more CPU gets slower under load. The fix adds `--cpus 1` (`--limit-cpu` for a service; parameter `cpus`).',
  }),
  references: [],
  links: {'Resource constraints: CPU': 'https://docs.docker.com/engine/containers/resource_constraints/#cpu'},
  controls: ['cis-docker:5.12'],
  fix: 'unsafe',
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning) return;
    const set = isService(cmd) ? hasOption(cmd, '--limit-cpu') : hasOption(cmd, '--cpus', '--cpu-quota', '--cpu-shares', '-c', '--cpuset-cpus');
    if (set) return;
    const option = isService(cmd) ? '--limit-cpu' : '--cpus';
    const cpus = param(ctx, 'cpus', 'CPU limit');
    yield at(cmd, `${locator} > ${option}`, `\`${cmd.tool} ${cmd.verb}\` sets no CPU limit or priority: it can starve the host`, {
      fix: insertFix(cmd, `Add ${option}`, 'A service that needs more CPU gets slower under load.', (p) => `${option} ${valueOf(p, cpus)}`, [cpus]),
    });
  },
});
