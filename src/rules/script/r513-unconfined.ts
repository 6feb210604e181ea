import {optionNamed} from '../../formats/commands/docker-cli.js';
import {isUnconfinedOption, isWeakSelinuxLabel} from '../../knowledge/standards/runtime-options.js';
import {at, commandRule, removeFix, runDocs, WHERE} from './common.js';

export const r513Unconfined = commandRule({
  id: 'R513',
  name: 'run-unconfined',
  severity: 'high',
  title: 'Seccomp, AppArmor or SELinux confinement turned off',
  docs: runDocs({
    what: `Finds \`--security-opt\` values that turn a confinement off: \`seccomp=unconfined\`, \`apparmor=unconfined\`, \`systempaths=unconfined\` (any spelling: \`=\` or \`:\`, quoted), \`label=disable\`, or an SELinux type, user or role outside the container policy, ${WHERE}.`,
    why: 'The default seccomp profile blocks the system calls most kernel exploits use; AppArmor and SELinux keep the container away from host files even when it runs as root. Each option removes one of these layers.',
    bad: 'docker run -d --security-opt seccomp=unconfined --security-opt label=disable ghcr.io/acme/api:1.2',
    good: 'docker run -d ghcr.io/acme/api:1.2',
    safety: 'Unsafe: a program that needs a blocked call or a host file fails; give it a custom profile or relabel its files (`:z`/`:Z`) instead. The fix removes the options.',
  }),
  references: [],
  links: {'Seccomp security profiles for Docker': 'https://docs.docker.com/engine/security/seccomp/', 'AppArmor security profiles for Docker': 'https://docs.docker.com/engine/security/apparmor/'},
  controls: ['cis-docker:5.2', 'cis-docker:5.3', 'cis-docker:5.22'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    const bad = optionNamed(cmd, '--security-opt').filter((o) => !o.dynamic && (isUnconfinedOption(o.value ?? '') || isWeakSelinuxLabel(o.value ?? '')));
    if (bad.length === 0) return;
    const list = bad.map((o) => o.value).join(', ');
    yield at(cmd, `${locator} > --security-opt`, `\`${cmd.tool} ${cmd.verb}\` turns confinement off (${list}): the kernel and the host's files are exposed to it`, {
      fix: removeFix(cmd, bad, `Remove --security-opt ${list}`, 'A program that needs a blocked call or a host file fails; give it a custom profile instead.'),
    });
  },
});
