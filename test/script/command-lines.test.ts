/**
 * docker/podman command lines in scripts, Makefiles, systemd units, Markdown and CI: the reader's
 * regions and options, and the whole R5xx family fixing a shell script and a Makefile that still
 * parse afterwards (bash -n, make -n).
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {classify} from '../../src/core/classify.js';
import {buildProject} from '../../src/core/project.js';
import {runRules} from '../../src/core/engine.js';
import {parseSource, isParseFailure, type Source} from '../../src/core/source.js';
import {containerCommands} from '../../src/formats/commands/docker-cli.js';
import {RULES} from '../../src/rules/registry.js';
import {runBattery} from '../helpers/battery.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/scripts');
const R_RULES = new Set(RULES.filter((r) => r.id.startsWith('R')).map((r) => r.id));

function source(path: string, text: string): Source {
  const c = classify(path, text);
  if (!c || !('kind' in c)) throw new Error(`${path} not classified`);
  const s = parseSource(path, c.kind, text);
  if (isParseFailure(s)) throw new Error(s.message);
  return s;
}

describe('classification', () => {
  it('reads scripts, Makefiles, units and docs only when they start containers', () => {
    expect(classify('deploy.sh', 'docker run -d nginx:1.27\n')).toEqual({kind: 'script'});
    expect(classify('Makefile', 'up:\n\tpodman --remote container create x\n')).toEqual({kind: 'script'});
    expect(classify('api.service', 'ExecStart=/usr/bin/docker run api\n')).toEqual({kind: 'script'});
    expect(classify('README.md', 'Run `docker compose up`.\n')).toBeNull();
    expect(classify('build.sh', 'docker build -t x .\ndocker push x\n')).toBeNull();
  });
});

describe('reader', () => {
  it('reads options, the image and long-running-ness with exact offsets', () => {
    const text = 'sudo docker --context prod run -dit --rm=false -p 80:80 --name=web -e A=1 nginx:1.27 nginx -g "daemon off;"\n';
    const [cmd] = containerCommands(source('run.sh', text));
    expect(cmd!.verb).toBe('run');
    expect(cmd!.image!.value).toBe('nginx:1.27');
    expect(cmd!.longRunning).toBe(true);
    expect(cmd!.options.map((o) => [o.name, o.value])).toEqual([
      ['--detach', null], ['--interactive', null], ['--tty', null], ['--rm', 'false'], ['--publish', '80:80'], ['--name', 'web'], ['--env', 'A=1'],
    ]);
    expect(text.slice(cmd!.verbWord.start, cmd!.verbWord.end)).toBe('run');
  });

  it('reads Makefile recipes (prefixes dropped), systemd Exec lines and Markdown console blocks', () => {
    const make = containerCommands(source('Makefile', 'IMG := x\nup:\n\t@-docker run -d \\\n\t\t--name a $(IMG)\n'));
    expect(make.map((c) => [c.context, c.image?.value, c.image?.dynamic])).toEqual([['make', '$(IMG)', true]]);
    const unit = containerCommands(source('api.service', '[Service]\nExecStartPre=-/usr/bin/docker rm -f api\nExecStart=/usr/bin/docker run --name api \\\n  ghcr.io/acme/api:1.2\n'));
    expect(unit.map((c) => [c.context, c.image?.value, c.longRunning])).toEqual([['systemd', 'ghcr.io/acme/api:1.2', true]]);
    const md = containerCommands(source('README.md', '```console\n$ docker run --rm \\\n    alpine:3.20 echo hi\nhi\n```\n\n```yaml\nrun: docker run x\n```\n'));
    expect(md.map((c) => [c.context, c.image?.value, c.editable])).toEqual([['markdown', 'alpine:3.20', false]]);
  });

  it('reads docker service create and docker container run', () => {
    const cmds = containerCommands(source('swarm.sh', 'docker service create --name api --limit-memory 512M ghcr.io/acme/api:1.2\ndocker container run -d x:1\n'));
    expect(cmds.map((c) => [c.verb, c.longRunning])).toEqual([['service create', true], ['run', true]]);
  });
});

describe('advice that follows the image', () => {
  it('R504 names the _FILE variable the image reads, else an env file', () => {
    const text = 'docker run -d -e POSTGRES_PASSWORD=s3cr3t-Orders-2024 postgres:16\ndocker run -d -e API_TOKEN=ghp_4f9Kq2LmX8rT1vB6nZ3wY7cD0eH5jA2sU9pQ ghcr.io/acme/api:1.2\n';
    const {findings} = runRules(buildProject(['.'], [{path: 'run.sh', kind: 'script', text}]), {rules: RULES.filter((r) => r.id === 'R504')});
    expect(findings.map((f) => f.advice)).toEqual([
      expect.stringContaining('-e POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password'),
      expect.stringContaining('--env-file'),
    ]);
  });
});

describe('the R5xx family fixes scripts that still parse', () => {
  function fixed(path: string): string {
    const text = readFileSync(join(FIXTURES, path), 'utf8');
    const result = runBattery([{path, kind: 'script', text}], {only: R_RULES});
    const out = result.files.find((f) => f.path === path)?.after;
    expect(out, `${path} changed`).toBeDefined();
    return out!;
  }

  it('deploy.sh: hardened, secrets and choices left alone, and bash -n accepts it', () => {
    const out = fixed('deploy.sh');
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-script-'));
    writeFileSync(join(dir, 'deploy.sh'), out);
    execFileSync('bash', ['-n', join(dir, 'deploy.sh')]);
    expect(out).not.toContain('--privileged');
    expect(out).not.toContain('--net=host');
    expect(out).toContain('--restart on-failure:3');
    expect(out).not.toContain('--restart always');
    // postgres steps down itself: no --user, the capabilities it needs are added back.
    expect(out).toMatch(/docker run (?!.*--user)[^\n]*--cap-add SETUID[^\n]* -d --name db/);
    // The already hardened podman example keeps every option it had.
    expect(out).toContain('--cap-drop ALL --security-opt no-new-privileges --memory 256m --pids-limit 100 localhost/web:1');
  });

  it('Makefile: recipes fixed in place, make -n and bash -n accept every target', () => {
    const out = fixed('Makefile');
    expect(out).not.toContain('seccomp=unconfined');
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-make-'));
    writeFileSync(join(dir, 'Makefile'), out);
    for (const target of ['up', 'down', 'smoke']) {
      const commands = execFileSync('make', ['-n', '-C', dir, target], {encoding: 'utf8'});
      writeFileSync(join(dir, `${target}.sh`), commands);
      execFileSync('bash', ['-n', join(dir, `${target}.sh`)]);
    }
    expect(out.split('\n').filter((l) => l.startsWith('\t')).every((l) => !l.startsWith('\t '))).toBe(true);
  });
});

describe('docker run lines and Compose services read the same image profiles', () => {
  const IMAGES = ['postgres:16', 'redis:7.4', 'nginx:1.27', 'confluentinc/cp-kafka:7.7.1', 'clickhouse/clickhouse-server:24.8', 'docker.elastic.co/elasticsearch/elasticsearch:8.15.0', 'grafana/grafana:11.2.0', 'ghcr.io/acme/api:1.2'];
  const script = IMAGES.map((image, i) => `docker run -d --name s${i} ${image}\n`).join('');
  const compose = `services:\n${IMAGES.map((image, i) => `  s${i}:\n    image: ${image}\n`).join('')}`;
  const project = buildProject(['.'], [{path: 'run.sh', kind: 'script', text: script}, {path: 'compose.yaml', kind: 'compose', text: compose}]);
  const {findings} = runRules(project, {rules: RULES.filter((r) => ['C201', 'C203', 'C206', 'C207', 'C209', 'R505', 'R506', 'R508', 'R509', 'R511'].includes(r.id))});
  /** Per image: whether the rule reports it, how sure, whether it has a fix and whether a person must confirm it. */
  const judged = (rule: string, path: string) =>
    IMAGES.map((_, i) => {
      const f = findings.find((x) => x.rule === rule && x.path === path && x.line === (path === 'run.sh' ? i + 1 : 2 + i * 2));
      return f ? [f.certainty, f.fix !== null, (f.fix?.needsInput ?? []).length > 0] : 'not reported';
    });
  /** Per image: the value the rule's fix suggests (or none), how sure, and whether a person must confirm it. */
  const suggested = (rule: string, param: string, path: string) =>
    IMAGES.map((_, i) => {
      const f = findings.find((x) => x.rule === rule && x.path === path && x.line === (path === 'run.sh' ? i + 1 : 2 + i * 2));
      const p = f?.fix?.params.find((x) => x.name === param);
      return [p?.default ?? 'none', f?.certainty, (f?.fix?.needsInput ?? []).length > 0];
    });

  it('R509 gives every image the memory limit C207 gives it (postgres 1G, Kafka 1664M, unknown: a guess to confirm)', () => {
    const run = suggested('R509', 'memory', 'run.sh');
    expect(run).toEqual(suggested('C207', 'memory', 'compose.yaml'));
    expect(run[0]).toEqual(['1G', 'known', false]);
    expect(run.at(-1)).toEqual(['512M', 'not-known', true]);
  });

  it('R505, R506 and R508 judge every image as C201, C203 and C206 do (reported or not, how sure, fixed, asked)', () => {
    for (const [run, compose] of [['R505', 'C201'], ['R506', 'C203'], ['R508', 'C206']] as const) expect(judged(run, 'run.sh'), `${run} and ${compose}`).toEqual(judged(compose, 'compose.yaml'));
    expect(judged('R505', 'run.sh')[0]).toEqual(["known", true, true]);
  });

  it('R511 gives every image the process limit C209 gives it (none for databases and many-threaded images)', () => {
    const run = suggested('R511', 'pidsLimit', 'run.sh');
    expect(run).toEqual(suggested('C209', 'pidsLimit', 'compose.yaml'));
    expect(run.slice(0, 3)).toEqual([['none', 'known', false], ['100', 'known', false], ['1024', 'known', false]]);
  });
});

describe('one-shot runs keep what they rely on', () => {
  // The shape of ingress-nginx's test/e2e/run-chart-test.sh and build/run-ingress-controller.sh.
  const text = [
    '#!/bin/bash',
    'docker run --rm --interactive --network host \\',
    '  --volume "${KUBECONFIG}":/root/.kube/config \\',
    '  quay.io/helmpack/chart-testing:v3.11.0 ct install --config ./.ct.yaml',
    'docker run --rm --name local-ingress-controller --net=host --user="root:root" \\',
    '  -e POD_NAMESPACE="${POD_NAMESPACE}" "${IMAGE}:${TAG}" /nginx-ingress-controller',
    'docker run -d --rm --name e2e-db postgres:16',
    '',
  ].join('\n');

  it('the whole R5xx family, confirmations given, removes no host network from a one-shot run and adds no --restart to a --rm one', () => {
    const result = runBattery([{path: 'e2e.sh', kind: 'script', text}], {only: R_RULES, confirmed: true});
    const out = result.files.find((f) => f.path === 'e2e.sh')?.after ?? text;
    expect(out).toContain('--interactive --network host \\');
    expect(out).toContain('--net=host --user="root:root"');
    expect(out).not.toContain('--restart');
    // The detached --rm database still gets what does not stop it.
    expect(out).toMatch(/docker run [^\n]*--memory 1G[^\n]* -d --rm --name e2e-db postgres:16/);
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-oneshot-'));
    writeFileSync(join(dir, 'e2e.sh'), out);
    execFileSync('bash', ['-n', join(dir, 'e2e.sh')]);
  });

  it('R502 still reports them, with the reason it keeps the option', () => {
    const {findings} = runRules(buildProject(['.'], [{path: 'e2e.sh', kind: 'script', text}]), {rules: RULES.filter((r) => r.id === 'R502')});
    expect(findings.map((f) => [f.line, f.fix, f.advice?.includes('one-shot run')])).toEqual([[2, null, true], [5, null, true]]);
  });
});
