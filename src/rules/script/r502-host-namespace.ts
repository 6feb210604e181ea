import type {Edit} from '../../core/model.js';
import {confirmFirst} from '../../core/params.js';
import {hasOption, optionNamed, removeOption, type CliOption} from '../../formats/commands/docker-cli.js';
import {at, commandRule, nodeAgentOf, profileOf, runDocs, WHERE} from './common.js';

const NAMESPACES: Record<string, string> = {'--network': 'network', '--net': 'network', '--pid': 'process', '--ipc': 'IPC', '--uts': 'UTS', '--userns': 'user', '--cgroupns': 'cgroup'};

const spelled = (options: readonly CliOption[]) => options.map((o) => `${o.name} host`).join(', ');

export const r502HostNamespace = commandRule({
  id: 'R502',
  name: 'run-host-namespace',
  severity: 'high',
  title: 'Container shares a host namespace',
  docs: runDocs({
    what: `Finds container commands that join a namespace of the host: \`--network host\` (\`--net=host\`), \`--pid host\`, \`--ipc host\`, \`--uts host\`, \`--userns host\`, \`--cgroupns host\`, ${WHERE}.`,
    why: "The host's network namespace exposes every interface and local-only port of the host; its PID namespace lets the container see and signal host processes; IPC shares memory segments; UTS lets it rename the host; the host user namespace turns user remapping off.",
    bad: 'docker run -d --net=host --pid host -p 9100:9100 ghcr.io/acme/monitor:1.2',
    good: 'docker run -d -p 127.0.0.1:9100:9100 ghcr.io/acme/monitor:1.2',
    safety: [
      "Unsafe: the container then has namespaces of its own; one that used the host network must publish its ports (`-p`) and reach others by name. As C213 does for Compose, several are kept, with advice instead of a fix:",
      "a one-shot run (`--rm`, interactive, or in the foreground: a test, a chart tester, a debugging tool), which uses the host's namespaces to reach what runs on the host (its local ports, the kube API on localhost, its processes);",
      "`--network host` on a container that publishes no ports (it is reached on the host's own ports; without host networking it would be unreachable);",
      "and the namespaces an image's profile says it needs as a node agent (node-exporter's host network and PID namespace).",
      "For an image nobody knows (a monitoring or network agent may need the namespace), the removal waits for a person to confirm it (`fix --write --unsafe` leaves it, the wizard asks). `--network host` next to another `--network` is removed as it is: Docker refuses the pair, so the container never started that way.",
    ].join(' '),
  }),
  references: [],
  links: {'docker run reference': 'https://docs.docker.com/reference/cli/docker/container/run/'},
  controls: ['cis-docker:5.10', 'cis-docker:5.16', 'cis-docker:5.17', 'cis-docker:5.21', 'cis-docker:5.31'],
  fix: 'unsafe',
  needsInput: true,
  profileFacts: ['nodeAgent', 'ports'],
  *check(cmd, _ctx, locator) {
    const shared = optionNamed(cmd, ...Object.keys(NAMESPACES)).filter((o) => o.value === 'host');
    if (shared.length === 0) return;
    const which = [...new Set(shared.map((o) => NAMESPACES[o.name]!))].join(', ');
    const message = `\`${cmd.tool} ${cmd.verb}\` shares the host's ${which} namespace${shared.length > 1 ? 's' : ''} (${spelled(shared)})`;
    const isNetwork = (o: CliOption) => NAMESPACES[o.name] === 'network';
    // Docker refuses host networking next to another network: the host one goes, the container then starts on the other.
    const otherNetwork = optionNamed(cmd, '--network', '--net').some((o) => o.value !== 'host');
    // A node agent keeps the namespaces its profile says it needs (node-exporter: network and PID).
    const needs = nodeAgentOf(cmd);
    const agentKeeps = (o: CliOption) => (isNetwork(o) && needs?.agent.hostNetwork === true) || (NAMESPACES[o.name] === 'process' && needs?.agent.hostPID === true);
    const oneShot = !cmd.longRunning && cmd.verb !== 'service create';
    const publishes = hasOption(cmd, '--publish', '--publish-all');
    const kept: Array<{option: CliOption; why: string}> = [];
    const removed: CliOption[] = [];
    for (const o of shared) {
      if (agentKeeps(o)) kept.push({option: o, why: `${needs!.title} needs it for what it does (${needs!.source})`});
      else if (isNetwork(o) && otherNetwork) removed.push(o);
      else if (oneShot) kept.push({option: o, why: 'a one-shot run (a test, a tool, a debugger) uses it to reach what runs on the host: its local ports, the kube API on localhost, its processes'});
      else if (isNetwork(o) && !publishes) kept.push({option: o, why: "the container publishes no ports, so it is reached on the host's own ports; without host networking it would be unreachable. To give it its own network, publish the ports it listens on (-p 127.0.0.1:PORT:PORT), point what it connects to at container names instead of localhost, then remove it"});
      else removed.push(o);
    }
    const advice = kept.map((k) => `${spelled([k.option])} is kept: ${k.why}.`);
    const found = profileOf(cmd);
    // An image nobody knows may be a host agent whose purpose is this namespace: a person says, unless Docker refuses the pair anyway.
    const unknown = found.certainty === 'not-known' && removed.some((o) => !(isNetwork(o) && otherNetwork));
    if (unknown) advice.push(`Whether ${cmd.image?.value ?? 'its image'} needs ${spelled(removed)} is not known (monitoring and network agents do): confirm it does not before removing ${removed.length > 1 ? 'them' : 'it'}.`);
    const removals = removed.map((o) => removeOption(cmd, o));
    const removable = removed.length > 0 && cmd.editable && removals.every((e) => e !== null);
    yield at(cmd, `${locator} > host namespaces`, message, {
      ...(advice.length > 0 ? {advice: advice.join(' ')} : {}),
      ...(unknown ? {certainty: 'not-known' as const} : found.certainty !== 'not-known' ? {certainty: found.certainty} : {}),
      // Only what a node agent needs is left: that is its purpose (info, as C213 says it).
      ...(removed.length === 0 && kept.every((k) => agentKeeps(k.option)) ? {severity: 'info' as const} : {}),
      fix: removable
        ? {
            title: `Remove ${spelled(removed)}`,
            safety: 'unsafe',
            ...confirmFirst(unknown, `It does not need ${spelled(removed)} (shipshape cannot know what this image does)`),
            risk: removed.some(isNetwork) ? 'The container must publish its ports and reach others by name.' : 'The container no longer sees the host namespace.',
            edits: (): Edit[] => removals as Edit[],
          }
        : null,
    });
  },
});
