import {optionNamed, type ContainerCommand} from '../../formats/commands/docker-cli.js';
import {at, commandRule, runDocs, WHERE} from './common.js';

/** Host paths that give a container the host: the same list C214 judges Compose bind mounts by. */
const SENSITIVE = /^\/(etc|proc|sys|boot|root|dev|lib|lib64|usr|bin|sbin|var\/lib\/docker|var\/lib\/kubelet|var\/run|run)?(\/|$)/;

function problemsOf(cmd: ContainerCommand): string[] {
  const out: string[] = [];
  for (const o of optionNamed(cmd, '--device', '--device-cgroup-rule')) out.push(`${o.name} ${o.value ?? ''} passes a host device`);
  for (const o of optionNamed(cmd, '--cgroup-parent')) out.push(`--cgroup-parent ${o.value ?? ''} places it under cgroup limits set outside this command`);
  for (const o of optionNamed(cmd, '--ulimit')) if (/=(-1|unlimited)(:|$)|:(-1|unlimited)$/.test(o.value ?? '')) out.push(`--ulimit ${o.value} lifts a limit to unlimited`);
  for (const o of optionNamed(cmd, '--volume')) {
    if (o.dynamic || !o.value) continue;
    const [source, , options = ''] = o.value.split(':');
    if (options.split(',').some((x) => x === 'shared' || x === 'rshared')) out.push(`-v ${o.value} mounts with shared propagation`);
    if (source && source.startsWith('/') && SENSITIVE.test(source) && !/docker\.sock$/.test(source)) out.push(`-v ${o.value} mounts the host's ${source}`);
  }
  for (const o of optionNamed(cmd, '--mount')) {
    if (o.dynamic || !o.value) continue;
    if (/bind-propagation=r?shared\b/.test(o.value)) out.push(`--mount ${o.value} mounts with shared propagation`);
    const source = /(?:^|,)(?:source|src)=([^,]+)/.exec(o.value)?.[1];
    if (/(?:^|,)type=bind\b/.test(o.value) && source && SENSITIVE.test(source) && !/docker\.sock$/.test(source)) out.push(`--mount ${o.value} mounts the host's ${source}`);
  }
  return out;
}

export const r516HostResources = commandRule({
  id: 'R516',
  name: 'run-host-resources',
  severity: 'high',
  title: 'Host devices, directories, cgroups or limits handed to a container',
  docs: runDocs({
    what: `Finds container commands that hand host resources to the container: \`--device\`, \`--device-cgroup-rule\`, \`--cgroup-parent\`, a \`--ulimit\` lifted to unlimited, a volume with \`shared\`/\`rshared\` propagation, and bind mounts of sensitive host paths (\`/\`, \`/etc\`, \`/proc\`, \`/sys\`, \`/boot\`, \`/root\`, \`/var/lib/docker\`, …), ${WHERE}.`,
    why: 'Each of these opens a door to the host: a device node into the kernel, a host directory into its configuration, shared propagation lets mounts made in the container appear on the host, a foreign cgroup parent or an unlimited ulimit removes the limits that protect the host.',
    bad: 'docker run -d --device /dev/sda -v /etc:/host/etc -v /srv:/srv:rshared --ulimit nproc=-1 ghcr.io/acme/agent:1.2',
    good: 'docker run -d -v agent-data:/data ghcr.io/acme/agent:1.2',
    safety: 'No automatic fix: only the owner knows what the container needs. Keep the devices and paths it must have (read-only, `:ro`, with `r`/`rw` device permissions), private propagation, and bounded ulimits.',
  }),
  references: [],
  links: {'docker run reference': 'https://docs.docker.com/reference/cli/docker/container/run/'},
  controls: ['cis-docker:5.6', 'cis-docker:5.18', 'cis-docker:5.19', 'cis-docker:5.20', 'cis-docker:5.25'],
  fix: null,
  *check(cmd, _ctx, locator) {
    const problems = problemsOf(cmd);
    if (problems.length === 0) return;
    yield at(cmd, `${locator} > host resources`, `\`${cmd.tool} ${cmd.verb}\`: ${problems.join('; ')}`, {
      advice: 'Keep only what the container needs: named volumes instead of host paths, :ro where a host path must stay, device permissions r/rw, private propagation, bounded ulimits.',
    });
  },
});
