import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, nodeAgentOf, removeFix, runDocs, WHERE} from './common.js';

export const r501Privileged = commandRule({
  id: 'R501',
  name: 'run-privileged',
  severity: 'critical',
  title: 'Container started with --privileged',
  docs: runDocs({
    what: `Finds \`docker run\`/\`create\` and \`podman run\`/\`create\` commands with \`--privileged\`, ${WHERE}.`,
    why: 'A privileged container gets every capability, every host device and no seccomp, AppArmor or SELinux confinement: root in it is root on the host.',
    bad: 'docker run -d --privileged --name agent ghcr.io/acme/agent:1.2',
    good: 'docker run -d --cap-add NET_ADMIN --name agent ghcr.io/acme/agent:1.2',
    safety: 'Unsafe: a container that really needs a device or a capability must then ask for exactly that (`--device`, `--cap-add`). The fix removes `--privileged` (with its line continuation when it stands on a line of its own), except for an image whose profile says changing the host is its job (a binfmt_misc installer such as `tonistiigi/binfmt`, a CNI agent): that finding gets advice only.',
  }),
  references: [],
  links: {'docker run: runtime privilege and Linux capabilities': 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'},
  controls: ['cis-docker:5.5'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    const privileged = optionNamed(cmd, '--privileged').filter((o) => o.value === null || /^(true|1)$/.test(o.value));
    if (privileged.length === 0) return;
    const needs = nodeAgentOf(cmd);
    const message = `\`${cmd.tool} ${cmd.verb} --privileged\`: the container gets every capability and the host's devices`;
    if (needs?.agent.privileged) {
      // Changing the host is what the image is for (a binfmt installer, a CNI agent): removing it breaks it.
      yield at(cmd, `${locator} > --privileged`, message, {
        advice: `${needs.title} needs --privileged for what it does (${needs.source}), so shipshape leaves it: run it only on a host you mean it to change, pinned to a tag or digest you trust.`,
      });
      return;
    }
    yield at(cmd, `${locator} > --privileged`, message, {
      fix: removeFix(cmd, privileged, 'Remove --privileged', 'A container that needs a device or capability must request it explicitly.'),
    });
  },
});
