/**
 * Generated `docker run` / `podman run` / `docker create` command lines for the battery (issue 14):
 * shell scripts, Makefile recipes and systemd units, with the options the R5xx rules read (host
 * namespaces, privileges, users, limits, restart policies, mounts, one-shot and detached runs),
 * images with and without a profile or given as variables, on one line or over line continuations,
 * with comments (`# c3`) the fix must keep.
 */
import fc from 'fast-check';

const IMAGES = [
  'postgres:16', 'redis:7.4', 'nginx:1.27', 'grafana/grafana:11.2.0', 'confluentinc/cp-kafka:7.7.1', 'lscr.io/linuxserver/sonarr:4.0.9',
  'ghcr.io/acme/api:1.2', 'nats:2.10', 'python:3.12-slim', 'prom/node-exporter:v1.8.2', 'gcr.io/cadvisor/cadvisor:v0.49.1', 'minio/minio:RELEASE.2024-10-02T17-50-41Z',
  'clickhouse/clickhouse-server:24.8', 'eclipse-temurin:21-jre', 'alpine', 'busybox:latest',
];
/** Images written with shell variables: never resolved. */
const DYNAMIC_IMAGES = ['"$IMAGE"', '"${IMAGE}:${TAG}"', '$REGISTRY/app:1'];
const OPTIONS = [
  '-d', '--detach', '--rm', '-it', '-i', '--name app', '--name=db', '--restart always', '--restart=unless-stopped', '--restart on-failure:5', '--restart no',
  '--privileged', '--net=host', '--network host', '--network backend', '--pid host', '--ipc=host', '--uts host', '--userns=host',
  '-p 8080:80', '-p 127.0.0.1:5432:5432', '-p 443:443', '-P', '--expose 80',
  '-v data:/data', '-v db-data:/var/lib/postgresql/data', '-v /var/run/docker.sock:/var/run/docker.sock', '-v "$PWD":/src:ro', '-v /etc:/host/etc:ro',
  '--mount type=bind,source=/srv,target=/srv,bind-propagation=rshared', '--tmpfs /tmp', '--tmpfs /var/run/postgresql', '--read-only',
  '--user 1000:1000', '--user root', '-u 0', '--user "$UID"', '-m 1g', '--memory=512m', '--memory-reservation 256m', '--pids-limit -1', '--pids-limit 200', '--cpus 2', '-c 512',
  '--cap-drop ALL', '--cap-drop=NET_RAW', '--cap-add NET_ADMIN', '--cap-add=SYS_PTRACE', '--security-opt seccomp=unconfined', '--security-opt no-new-privileges',
  '--security-opt label=disable', '-e JAVA_OPTS=-Xmx1g', '-e MODE=prod', '-e POSTGRES_PASSWORD_FILE=/run/secrets/db', '--env-file ./app.env',
  '--no-healthcheck', '--device /dev/snd', '--ulimit nofile=-1', '--cgroup-parent=/custom', '--entrypoint java', '-w /app', '--init',
];
const ARGS = ['', 'sh -c "echo hi"', '-jar /app/app.jar', 'server /data', '--config /etc/app.yaml'];
const VERBS = ['docker run', 'docker create', 'podman run', 'sudo docker run', 'docker container run', 'podman --remote run'];

export interface ScriptCase {
  path: 'run.sh' | 'Makefile' | 'app.service';
  text: string;
}

interface Cmd {
  verb: string;
  options: string[];
  image: string;
  args: string;
  continued: boolean;
  comment: number | null;
}

const command: fc.Arbitrary<Cmd> = fc.record({
  verb: fc.constantFrom(...VERBS),
  options: fc.uniqueArray(fc.constantFrom(...OPTIONS), {maxLength: 9}),
  image: fc.oneof({weight: 5, arbitrary: fc.constantFrom(...IMAGES)}, {weight: 1, arbitrary: fc.constantFrom(...DYNAMIC_IMAGES)}),
  args: fc.constantFrom(...ARGS),
  continued: fc.boolean(),
  comment: fc.option(fc.nat(99), {nil: null}),
});

/** A command's words on one line, or one option a line after `verb \`, indented by `indent`. */
function render(c: Cmd, indent: string): string[] {
  const words = [...c.options, c.image, ...(c.args ? [c.args] : [])];
  const trailing = c.comment !== null ? `  # c${c.comment}` : '';
  if (!c.continued) return [`${c.verb} ${words.join(' ')}${trailing}`];
  return [`${c.verb} \\`, ...words.slice(0, -1).map((w) => `${indent}${w} \\`), `${indent}${words.at(-1)}${trailing}`];
}

export const scriptCase: fc.Arbitrary<ScriptCase> = fc
  .record({
    path: fc.constantFrom('run.sh' as const, 'Makefile' as const, 'app.service' as const),
    commands: fc.array(command, {minLength: 1, maxLength: 4}),
    indent: fc.constantFrom('  ', '    ', '\t'),
    note: fc.nat(99),
  })
  .map(({path, commands, indent, note}) => {
    if (path === 'run.sh') return {path, text: ['#!/bin/sh', 'set -eu', `# note${note}`, ...commands.flatMap((c) => render(c, indent)), ''].join('\n')};
    if (path === 'Makefile') {
      const recipes = commands.map((c, i) => [`t${i}:`, ...render({...c, comment: null}, '\t\t').map((l, k) => (k === 0 ? `\t${l}` : l.startsWith('\t') ? l : `\t${l}`))].join('\n'));
      return {path, text: [`# note${note}`, `.PHONY: ${commands.map((_, i) => `t${i}`).join(' ')}`, '', ...recipes, ''].join('\n')};
    }
    // A systemd unit runs one command per Exec line; `%` is systemd's and not generated.
    const c = {...commands[0]!, verb: `/usr/bin/${commands[0]!.verb.replace(/^sudo /, '')}`, comment: null};
    return {path, text: [`# note${note}`, '[Unit]', 'Description=app', '', '[Service]', 'ExecStartPre=-/usr/bin/docker rm -f app', `ExecStart=${render(c, '  ').join('\n')}`, 'Restart=on-failure', '', '[Install]', 'WantedBy=multi-user.target', ''].join('\n')};
  });
