import type {Edit} from '../../core/model.js';
import {insertOptions, optionNamed, type ContainerCommand} from '../../formats/commands/docker-cli.js';
import {capsAfterDropAll, capsList, normCap, parseCaps, UNKNOWN_IMAGE_CAPS_ADVICE, unknownImageCaps} from '../../knowledge/capabilities.js';
import {profileCaps} from '../../knowledge/compose-images.js';
import {notKnownWhy, shownImage} from '../../knowledge/profiles/describe.js';
import {at, commandRule, insertFix, nodeAgentOf, profileOf, runDocs, startsAsNonRootUser, WHERE} from './common.js';

/** The container ports a command publishes or exposes (`-p 8080:80` -> 80, `--publish target=80`, `--expose 443`). */
function containerPorts(cmd: ContainerCommand): number[] {
  const out: number[] = [];
  for (const o of optionNamed(cmd, '--publish', '--expose')) {
    if (o.dynamic || !o.value) continue;
    const target = /(?:^|,)target=(\d+)/.exec(o.value)?.[1] ?? o.value.replace(/\/\w+$/, '').split(':').at(-1)!.split('-')[0]!;
    if (/^\d+$/.test(target)) out.push(Number(target));
  }
  return out;
}

export const r506Capabilities = commandRule({
  id: 'R506',
  name: 'run-capabilities',
  severity: 'medium',
  title: 'Long-running container keeps the default capabilities',
  docs: runDocs({
    what: `Finds long-running container commands without \`--cap-drop ALL\`, ${WHERE}.`,
    why: 'Docker gives every container 14 capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, …) whether it needs them or not; NET_RAW alone lets it spoof packets on the host network. Dropping all and adding back what the service needs takes them away from an attacker.',
    bad: 'docker run -d --name api ghcr.io/acme/api:1.2',
    good: 'docker run -d --cap-drop ALL --name api ghcr.io/acme/api:1.2',
    safety:
      'Unsafe: a service that needs a capability not added back fails at the operation that needs it. The fix adds `--cap-drop ALL` and `--cap-add` of what the image needs, decided as C203 decides it (knowledge/capabilities.ts): the five a step-down entrypoint uses (CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID: postgres, redis, linuxserver), a root web server\'s, a node agent\'s, none of the root-only ones when `--user` starts it as a non-root user, and NET_BIND_SERVICE for a published container port below 1024. For an image nobody knows (or whose profile does not say how it starts), whether it switches user itself is not known: the capabilities it keeps are a suggestion a person confirms (`fix --write --unsafe` leaves it, the wizard asks), and those the command adds already stay. `shipshape explain R506 --image IMAGE` shows the profile used.',
  }),
  references: [],
  links: {'docker run: runtime privilege and Linux capabilities': 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'},
  controls: ['cis-docker:5.4'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['runAs', 'ports', 'nodeAgent'],
  *check(cmd, _ctx, locator) {
    if (!cmd.longRunning) return;
    if (optionNamed(cmd, '--cap-drop').some((o) => (o.value ?? '').split(',').some((c) => normCap(c) === 'ALL'))) return;
    const have = [...new Set(optionNamed(cmd, '--cap-add').flatMap((o) => (o.value ?? '').split(',').map(normCap).filter(Boolean)))];
    const found = profileOf(cmd);
    const nonRoot = startsAsNonRootUser(cmd);
    const onLowPort = containerPorts(cmd).some((p) => p > 0 && p < 1024);
    const message = `\`${cmd.tool} ${cmd.verb}\` keeps Docker's default capabilities (no --cap-drop ALL)`;
    const drop = (keep: readonly string[]) => ['--cap-drop ALL', ...keep.filter((c) => !have.includes(c)).map((c) => `--cap-add ${c}`)].join(' ');
    if ((found.certainty === 'not-known' || !found.profile.runAs) && !nonRoot) {
      // Nobody knows whether it starts as root and switches user (which needs CHOWN, SETUID, …): a person confirms what it keeps.
      const why = found.certainty === 'not-known' ? notKnownWhy(found) : `the profile of ${found.profile.title} does not say how it starts`;
      const suggestion = unknownImageCaps(onLowPort, have);
      yield at(cmd, `${locator} > --cap-drop`, `${message}, and which ones ${shownImage(cmd.image?.value ?? 'its image', found)} needs is not known (${why})`, {
        certainty: 'not-known',
        advice: UNKNOWN_IMAGE_CAPS_ADVICE,
        fix: cmd.editable
          ? {
              title: 'Drop all capabilities but the ones you confirm',
              safety: 'unsafe',
              params: [{name: 'keepCaps', label: 'Capabilities it keeps, comma-separated, or none (shipshape cannot know what this image needs)', default: suggestion.join(',') || 'none', validate: capsList}],
              needsInput: ['keepCaps'],
              risk: 'A service that needs a capability not listed here fails at the operation that needs it.',
              edits: (p): Edit[] => [insertOptions(cmd, drop(parseCaps(p.keepCaps || suggestion.join(',') || 'none')))],
            }
          : null,
      });
      return;
    }
    const own = found.certainty === 'not-known' ? [] : [...(profileCaps(found.profile) ?? []), ...(nodeAgentOf(cmd)?.agent.caps ?? [])];
    const text = drop(capsAfterDropAll(own, {asNonRootUser: nonRoot, onLowPort}));
    yield at(cmd, `${locator} > --cap-drop`, message, {
      ...(found.certainty !== 'not-known' ? {certainty: found.certainty} : {}),
      fix: insertFix(cmd, `Add ${text}`, 'A service that needs a capability not added back fails at the operation that needs it.', () => text),
    });
  },
});
