import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, nodeAgentOf, removeFix, runDocs, WHERE} from './common.js';

const NAMESPACES: Record<string, string> = {'--network': 'network', '--net': 'network', '--pid': 'process', '--ipc': 'IPC', '--uts': 'UTS', '--userns': 'user', '--cgroupns': 'cgroup'};

export const r502HostNamespace = commandRule({
  id: 'R502',
  name: 'run-host-namespace',
  severity: 'high',
  title: 'Container shares a host namespace',
  docs: runDocs({
    what: `Finds container commands that join a namespace of the host: \`--network host\` (\`--net=host\`), \`--pid host\`, \`--ipc host\`, \`--uts host\`, \`--userns host\`, \`--cgroupns host\`, ${WHERE}.`,
    why: "The host's network namespace exposes every interface and local-only port of the host; its PID namespace lets the container see and signal host processes; IPC shares memory segments; UTS lets it rename the host; the host user namespace turns user remapping off.",
    bad: 'docker run -d --net=host --pid host ghcr.io/acme/monitor:1.2',
    good: 'docker run -d -p 127.0.0.1:9100:9100 ghcr.io/acme/monitor:1.2',
    safety: 'Unsafe: the container then has namespaces of its own; one that used the host network must publish its ports (`-p`). The fix removes the options, but keeps those an image\'s profile says it needs as a node agent (node-exporter\'s host network and PID namespace).',
  }),
  references: [],
  links: {'docker run reference': 'https://docs.docker.com/reference/cli/docker/container/run/'},
  controls: ['cis-docker:5.10', 'cis-docker:5.16', 'cis-docker:5.17', 'cis-docker:5.21', 'cis-docker:5.31'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    const shared = optionNamed(cmd, ...Object.keys(NAMESPACES)).filter((o) => o.value === 'host');
    if (shared.length === 0) return;
    const which = [...new Set(shared.map((o) => NAMESPACES[o.name]!))].join(', ');
    // A node agent keeps the namespaces its profile says it needs (node-exporter: network and PID).
    const needs = nodeAgentOf(cmd);
    const kept = shared.filter((o) => (NAMESPACES[o.name] === 'network' && needs?.agent.hostNetwork) || (NAMESPACES[o.name] === 'process' && needs?.agent.hostPID));
    const removed = shared.filter((o) => !kept.includes(o));
    const spelled = (options: typeof shared) => options.map((o) => `${o.name} host`).join(', ');
    yield at(cmd, `${locator} > host namespaces`, `\`${cmd.tool} ${cmd.verb}\` shares the host's ${which} namespace${shared.length > 1 ? 's' : ''} (${spelled(shared)})`, {
      ...(kept.length > 0 ? {advice: `${needs!.title} needs ${spelled(kept)} for what it does (${needs!.source}), so the fix leaves ${kept.length > 1 ? 'them' : 'it'}.`} : {}),
      fix: removed.length === 0 ? null : removeFix(cmd, removed, `Remove ${spelled(removed)}`, 'The container must publish its ports and reach others by name.'),
    });
  },
});
