import {optionNamed} from '../../formats/commands/docker-cli.js';
import {confirmFirst} from '../../core/params.js';
import {notKnownWhy} from '../../knowledge/profiles/describe.js';
import {at, commandRule, nodeAgentOf, profileOf, removeFix, runDocs, WHERE} from './common.js';

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
    safety: 'Unsafe: a container that really needs a device or a capability must then ask for exactly that (`--device`, `--cap-add`). The fix removes `--privileged` (with its line continuation when it stands on a line of its own), except for an image whose profile says changing the host is its job (a binfmt_misc installer such as `tonistiigi/binfmt`, a CNI agent): that finding gets advice only. A one-shot run (`--rm`, interactive, in the foreground: an installer, a debugger) keeps it with advice too, and for an image nobody knows (a host monitoring, network or storage agent may need it) the removal waits for a person to confirm it (`fix --write --unsafe` leaves it, the wizard asks).',
  }),
  references: [],
  links: {'docker run: runtime privilege and Linux capabilities': 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'},
  controls: ['cis-docker:5.5'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['nodeAgent'],
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
    if (!cmd.longRunning && cmd.verb !== 'service create') {
      // A one-shot tool (a binfmt or qemu installer, nsenter, kernel probes) often runs privileged for what it does on the host.
      yield at(cmd, `${locator} > --privileged`, message, {
        advice: 'Kept: a one-shot run (a tool, an installer, a debugger) often needs it for what it does on the host. If it does not, remove --privileged, or give it only the device or capability it uses (--device, --cap-add).',
      });
      return;
    }
    const found = profileOf(cmd);
    const fix = removeFix(cmd, privileged, 'Remove --privileged', 'A container that needs a device or capability must request it explicitly.');
    if (found.certainty === 'not-known') {
      // An image nobody knows may be a host agent that needs it (instana, a CNI or storage agent): a person confirms.
      yield at(cmd, `${locator} > --privileged`, message, {
        certainty: 'not-known',
        advice: `Whether ${cmd.image?.value ?? 'its image'} needs it is not known (${notKnownWhy(found)}; host monitoring, network and storage agents do): confirm it does not before removing it, or give it only the devices and capabilities it uses.`,
        fix: fix && {...fix, ...confirmFirst(true, `It does not need --privileged (shipshape cannot know what this image does)`)},
      });
      return;
    }
    yield at(cmd, `${locator} > --privileged`, message, {certainty: found.certainty, fix});
  },
});
