import {optionNamed} from '../../formats/commands/docker-cli.js';
import {at, commandRule, removeFix, runDocs, WHERE} from './common.js';

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
    safety: 'Unsafe: the container then has namespaces of its own; one that used the host network must publish its ports (`-p`). The fix removes the options.',
  }),
  references: [],
  links: {'docker run reference': 'https://docs.docker.com/reference/cli/docker/container/run/'},
  controls: ['cis-docker:5.10', 'cis-docker:5.16', 'cis-docker:5.17', 'cis-docker:5.21', 'cis-docker:5.31'],
  fix: 'unsafe',
  *check(cmd, _ctx, locator) {
    const shared = optionNamed(cmd, ...Object.keys(NAMESPACES)).filter((o) => o.value === 'host');
    if (shared.length === 0) return;
    const which = [...new Set(shared.map((o) => NAMESPACES[o.name]!))].join(', ');
    yield at(cmd, `${locator} > host namespaces`, `\`${cmd.tool} ${cmd.verb}\` shares the host's ${which} namespace${shared.length > 1 ? 's' : ''} (${shared.map((o) => `${o.name} host`).join(', ')})`, {
      fix: removeFix(cmd, shared, `Remove ${shared.map((o) => `${o.name} host`).join(', ')}`, 'The container must publish its ports and reach others by name.'),
    });
  },
});
