import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, runDocs, WHERE} from './common.js';

const SOCKET = /(^|[=,:])\/(var\/)?run\/(docker|podman\/podman|containerd\/containerd)\.sock\b/;

export const r503DockerSocket = commandRule({
  id: 'R503',
  name: 'run-docker-socket',
  severity: 'critical',
  title: 'Docker socket mounted into a container',
  docs: runDocs({
    what: `Finds container commands that mount the Docker, Podman or containerd socket (\`-v /var/run/docker.sock:…\`, \`--mount …source=/var/run/docker.sock\`), ${WHERE}.`,
    why: 'Whoever can talk to the socket can start a privileged container with the host\'s root file system mounted: the socket is root on the host, read-only mount or not.',
    bad: 'docker run -d -v /var/run/docker.sock:/var/run/docker.sock ghcr.io/acme/ci-runner:1.2',
    good: 'docker run -d -e DOCKER_HOST=tcp://socket-proxy:2375 ghcr.io/acme/ci-runner:1.2',
    safety: 'No automatic fix: the container uses the socket for its work. Put a socket proxy in front that allows only the calls it needs (tecnativa/docker-socket-proxy), or use rootless Docker/Podman.',
  }),
  references: [],
  links: {'Protect the Docker daemon socket': 'https://docs.docker.com/engine/security/protect-access/'},
  controls: ['cis-docker:5.32'],
  fix: null,
  *check(cmd, _ctx, locator) {
    const mounts = optionNamed(cmd, '--volume', '--mount').filter((o) => o.value !== null && SOCKET.test(o.value));
    if (mounts.length === 0) return;
    yield at(cmd, `${locator} > docker.sock`, `\`${cmd.tool} ${cmd.verb}\` mounts the container engine's socket (${mounts[0]!.value}): the container controls the host`, {
      advice: 'Put a socket proxy in front that allows only the API calls the container needs, or use rootless Docker/Podman.',
    });
  },
});
