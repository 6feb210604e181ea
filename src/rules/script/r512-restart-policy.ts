import type {Edit} from '../../core/model.js';
import {valueOf} from '../../core/params.js';
import {param} from '../../core/rule.js';
import {hasOption, insertOptions, optionNamed, removeOption} from '../../formats/commands/docker-cli.js';
import {at, commandRule, isService, runDocs, WHERE} from './common.js';

export const r512RestartPolicy = commandRule({
  id: 'R512',
  name: 'run-restart-policy',
  severity: 'low',
  title: 'Restart policy missing or unbounded',
  docs: runDocs({
    what: `Finds detached containers without \`--restart\`, or with \`always\`/\`unless-stopped\`, and \`docker service create\` without a bounded \`--restart-condition on-failure --restart-max-attempts\`, ${WHERE}. A \`--rm\` container and a container a systemd unit starts (systemd restarts it) are left alone.`,
    why: 'Without a policy a crashed service stays down; with `always` a service that crashes at start restarts forever, hiding the failure and hammering what it connects to. The CIS Docker Benchmark asks for `on-failure` with a bound (it names 5; shipshape\'s default is 3, a parameter).',
    bad: 'docker run -d --restart always --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --restart on-failure:3 --name api ghcr.io/acme/api:1.2',
    safety: 'Unsafe: after the last attempt the service stays down until someone starts it, and a container stopped by a daemon restart stays stopped. The fix sets `--restart on-failure:3` (parameter `restart`), or `--restart-condition on-failure --restart-max-attempts 3` for a service.',
  }),
  references: [],
  links: {'Start containers automatically': 'https://docs.docker.com/engine/containers/start-containers-automatically/'},
  controls: ['cis-docker:5.15'],
  fix: 'unsafe',
  *check(cmd, ctx, locator) {
    if (!cmd.longRunning || cmd.context === 'systemd' || hasOption(cmd, '--rm')) return;
    const restart = param(ctx, 'restart', 'Restart policy');
    if (isService(cmd)) {
      const condition = optionNamed(cmd, '--restart-condition').at(-1);
      if (condition && condition.value !== 'any' && (condition.value !== 'on-failure' || hasOption(cmd, '--restart-max-attempts'))) return;
      const removals = condition ? [removeOption(cmd, condition)] : [];
      const attempts = (p: Readonly<Record<string, string>>) => /:(\d+)$/.exec(valueOf(p, restart))?.[1] ?? '3';
      yield at(cmd, `${locator} > --restart-condition`, `\`docker service create\` restarts its tasks without a bound (${condition ? `--restart-condition ${condition.value}` : 'the default is any, forever'})`, {
        fix: cmd.editable && removals.every((e) => e !== null)
          ? {title: 'Restart on failure, a bounded number of times', safety: 'unsafe', params: [restart], risk: 'After the last attempt the service stays down.', edits: (p): Edit[] => [...(removals as Edit[]), insertOptions(cmd, `--restart-condition on-failure${hasOption(cmd, '--restart-max-attempts') ? '' : ` --restart-max-attempts ${attempts(p)}`}`)]}
          : null,
      });
      return;
    }
    const all = optionNamed(cmd, '--restart');
    const given = all.at(-1);
    // An explicit `no` or `on-failure[:N]` is a choice (the last one counts); only the unbounded ones are reported.
    if (given && (given.dynamic || !/^(always|unless-stopped)$/.test(given.value ?? ''))) return;
    // Every --restart goes, so the new one is the only one.
    const removals = all.map((o) => removeOption(cmd, o));
    const removal = removals.every((e) => e !== null) && removals.length > 0 ? (removals as Edit[]) : null;
    yield at(cmd, `${locator} > --restart`, given ? `\`${cmd.tool} ${cmd.verb} --restart ${given.value}\` restarts a crash loop forever` : `\`${cmd.tool} ${cmd.verb}\` has no restart policy: a crashed service stays down`, {
      fix: cmd.editable && (!given || removal)
        ? {title: 'Restart on failure, a bounded number of times', safety: 'unsafe', params: [restart], risk: 'After the last attempt the service stays down.', edits: (p): Edit[] => [...(removal ?? []), insertOptions(cmd, `--restart ${valueOf(p, restart)}`)]}
        : null,
    });
  },
});
