import {optionNamed} from '../../formats/commands/docker-cli.js';
import {imageCaps} from '../../knowledge/compose-images.js';
import {at, commandRule, insertFix, nodeAgentOf, runDocs, WHERE} from './common.js';

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
    safety: 'Unsafe: a service that needs a capability not added back fails at the operation that needs it. The fix adds `--cap-drop ALL` and, for images whose profile says so, `--cap-add` of what they need (the five a step-down entrypoint uses: CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID; NET_BIND_SERVICE for a port below 1024).',
  }),
  references: [],
  links: {'docker run: runtime privilege and Linux capabilities': 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities'},
  controls: ['cis-docker:5.4'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    if (!cmd.longRunning) return;
    if (optionNamed(cmd, '--cap-drop').some((o) => (o.value ?? '').split(',').some((c) => /^(CAP_)?ALL$/i.test(c.trim())))) return;
    const have = new Set(optionNamed(cmd, '--cap-add').flatMap((o) => (o.value ?? '').split(',').map((c) => c.trim().toUpperCase().replace(/^CAP_/, ''))));
    const agentCaps = nodeAgentOf(cmd)?.agent.caps ?? [];
    const needed = cmd.image && !cmd.image.dynamic ? [...new Set([...imageCaps(cmd.image.value), ...agentCaps])].filter((c) => !have.has(c)) : [];
    const text = ['--cap-drop ALL', ...needed.map((c) => `--cap-add ${c}`)].join(' ');
    yield at(cmd, `${locator} > --cap-drop`, `\`${cmd.tool} ${cmd.verb}\` keeps Docker's default capabilities (no --cap-drop ALL)`, {
      fix: insertFix(cmd, `Add ${text}`, 'A service that needs a capability not added back fails at the operation that needs it.', () => text),
    });
  },
});
