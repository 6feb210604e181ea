import {isUnconfinedOption} from '../../knowledge/standards/runtime-options.js';
import {locator, rangeOf} from '../../formats/yaml/compose.js';
import {composeExample, matchedServiceProfile, removeListItems, securityOptEntries} from './common.js';
import {serviceRule} from './service-rule.js';

const docs = `## What it does
Finds services whose \`security_opt\` turns off seccomp or AppArmor (\`seccomp:unconfined\`,
\`apparmor:unconfined\`, also written with \`=\`) or the masked system paths
(\`systempaths=unconfined\`).

## Why it matters
The default seccomp profile blocks about 50 dangerous system calls (kernel module loading,
\`keyctl\`, \`bpf\`, …) and AppArmor confines file access. Without them a kernel bug is much easier
to reach from the container.

## Example
${composeExample('app', 'ghcr.io/acme/app:3.1', ['security_opt:', '  - seccomp:unconfined'])}

## Use instead
${composeExample('app', 'ghcr.io/acme/app:3.1', ['security_opt:', '  - "no-new-privileges:true"'])}

## Fix safety
Unsafe: a program that really uses a blocked system call fails with EPERM; give it a custom
seccomp profile (\`seccomp:./profile.json\`) instead of none. The fix removes the item; when it
was the only one, \`security_opt: []\` stays where it was (as C222 leaves it), so C204's
\`no-new-privileges:true\` is written there. A \`seccomp=unconfined\` the image's own docs ask for
(LinuxServer's rdesktop, for the system calls of modern GUI apps) is reported with advice and kept.
`;

export const c205Unconfined = serviceRule({
  id: 'C205',
  name: 'unconfined',
  severity: 'high',
  title: 'Seccomp or AppArmor disabled',
  docs,
  references: ['kics:404fde2c-bc4b-4371-9747-7054132ac953'],
  links: {
    'Seccomp security profiles for Docker': 'https://docs.docker.com/engine/security/seccomp/',
    'AppArmor security profiles for Docker': 'https://docs.docker.com/engine/security/apparmor/',
  },
  controls: ['cis-docker:5.2', 'cis-docker:5.22'],
  fix: 'unsafe',
  profileFacts: ['confinement'],
  *checkService(svc, src, ctx) {
    const found = securityOptEntries(svc, isUnconfinedOption);
    if (!found) return;
    const {opt, picked} = found;
    // seccomp=unconfined that the image's own docs ask for (GUI apps in a desktop) stays: the fix removes the others.
    const asked = matchedServiceProfile(svc, ctx.project);
    const seccompNeed = asked?.profile.confinement?.seccompUnconfined;
    const bad = seccompNeed ? picked.filter((p) => !/^seccomp[:=]/i.test(p.text ?? '')) : picked;
    if (bad.length === 0) {
      yield {
        ...rangeOf(svc, picked[0]!.node),
        locator: locator(svc, 'security_opt'),
        certainty: asked!.certainty,
        message: `Service "${svc.name}" disables ${picked.map((b) => b.text).join(', ')}, which ${asked!.profile.title} asks for: ${seccompNeed}.`,
        advice: `Kept as it is. Try it without (or with a profile that allows only the calls it needs, \`seccomp=/path/profile.json\`), and remove it where the programs you run work. Source: ${asked!.profile.confinement!.source}.`,
      };
      return;
    }
    yield {
      ...rangeOf(svc, bad[0]!.node),
      locator: locator(svc, 'security_opt'),
      message: `Service "${svc.name}" disables ${bad.map((b) => b.text).join(', ')}: the kernel is exposed to system calls the default profile blocks.`,
      fix: {
        title: `Remove ${bad.map((b) => b.text).join(', ')}`,
        safety: 'unsafe',
        params: [],
        risk: 'A program that needs a blocked system call fails; give it a custom profile instead.',
        edits: () => removeListItems(src, opt, bad.map((b) => b.index)),
      },
    };
  },
});
