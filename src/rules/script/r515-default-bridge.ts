import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, isService, runDocs, WHERE} from './common.js';

export const r515DefaultBridge = commandRule({
  id: 'R515',
  name: 'run-default-bridge',
  severity: 'low',
  title: "Container on Docker's default bridge",
  docs: runDocs({
    what: `Finds long-running \`docker run\`/\`create\` commands without \`--network\` (or with \`--network bridge\`): they join the default bridge \`docker0\`, ${WHERE}.`,
    why: 'Every container started without a network joins `docker0`, so one there can reach all the others on the host, and names do not resolve (only legacy `--link`). A user-defined network holds only the containers that belong together and resolves them by name.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker network create backend\ndocker run -d --network backend --name api ghcr.io/acme/api:1.2',
    safety: 'No automatic fix: the network must exist (`docker network create`) and the containers that talk to this one must join it too.',
  }),
  references: [],
  links: {'Bridge network driver': 'https://docs.docker.com/engine/network/drivers/bridge/'},
  controls: ['cis-docker:5.30'],
  fix: null,
  *check(cmd, _ctx, locator) {
    if (!cmd.longRunning || isService(cmd) || cmd.tool !== 'docker') return;
    const network = optionNamed(cmd, '--network', '--net').at(-1);
    if (network && !/^(bridge|default)$/.test(network.value ?? '')) return;
    yield at(cmd, `${locator} > --network`, `\`${cmd.tool} ${cmd.verb}\` runs on Docker's default bridge (docker0), shared with every container of the host`, {
      advice: 'Create a network for the containers that belong together (docker network create NAME) and start them with --network NAME.',
    });
  },
});
