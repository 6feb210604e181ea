import {isWeakSelinuxLabel} from '../../knowledge/standards/runtime-options.js';
import {composeExample, removeListItems, securityOptEntries} from './common.js';
import {serviceFinding, serviceRule} from './service-rule.js';

const docs = `## What it does
Finds \`security_opt\` entries that turn SELinux separation off (\`label:disable\`, \`label=disable\`)
or give the container a type outside the container policy (\`label:type:spc_t\`, \`unconfined_t\`) or a
user or role of its own.

## Why it matters
On SELinux hosts (Fedora, RHEL, CentOS) every container runs as \`container_t\` with its own category
pair, which keeps it away from the host's files and from other containers even when it runs as root.
\`label:disable\` or a privileged type turns that off.

## Example
${composeExample('agent', 'ghcr.io/acme/agent:1.2', ['security_opt:', '  - label:disable'])}

## Use instead
${composeExample('agent', 'ghcr.io/acme/agent:1.2', ['volumes:', '  - ./data:/data:Z'])}

## Fix safety
Unsafe: a container that reads host files through the lifted separation loses that access; relabel
the files it needs (the \`:z\`/\`:Z\` volume options) instead. The fix removes the entries; a
\`label:level:…\` entry stays. When it was the only one, \`security_opt: []\` stays where it was
(as C205 leaves it), so C204's \`no-new-privileges:true\` is written there.
`;

export const c222SelinuxLabel = serviceRule({
  id: 'C222',
  name: 'selinux-label',
  severity: 'high',
  title: 'SELinux separation disabled',
  docs,
  references: [],
  links: {
    'Docker run reference: security options': 'https://docs.docker.com/reference/cli/docker/container/run/#security-opt',
    'Compose file reference: security_opt': 'https://docs.docker.com/reference/compose-file/services/#security_opt',
  },
  controls: ['cis-docker:5.3'],
  fix: 'unsafe',
  *checkService(svc, src) {
    const found = securityOptEntries(svc, isWeakSelinuxLabel);
    if (!found) return;
    const {opt, picked: bad} = found;
    yield serviceFinding(svc, bad[0]!.node, 'security_opt[label]', `Service "${svc.name}" sets ${bad.map((b) => b.text).join(', ')}: SELinux no longer separates it from the host and other containers.`, {
      fix: opt.shared
        ? null
        : {
            title: `Remove ${bad.map((b) => b.text).join(', ')}`,
            safety: 'unsafe',
            params: [],
            risk: 'A container that reads host files through the lifted separation loses that access.',
            edits: () => removeListItems(src, opt, bad.map((b) => b.index)),
          },
    });
  },
});
