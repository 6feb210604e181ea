import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {CommandResult, ComposeProject, Engine} from '../../src/verify/engine.js';
import {judge, parseInspect, type ContainerState, type JudgeOptions} from '../../src/verify/judge.js';
import {buildKey, ImageCache, overrideText, runStack, type RunnerOptions} from '../../src/verify/runner.js';
import {service, stack} from './fake.js';

const OPTIONS: JudgeOptions = {timeout: 60_000, settle: 5_000, grace: 10_000};

function container(extra: Partial<ContainerState>): ContainerState {
  return {id: 'c1', name: 'p-web-1', service: 'web', status: 'running', exitCode: 0, oomKilled: false, restarts: 0, health: null, hasHealthcheck: false, ports: [], startedAt: 0, error: null, ...extra};
}

describe('judge: when a service counts as up', () => {
  const at = (state: ContainerState | null, elapsed: number, answered = false) => judge({state, answered, elapsed, now: elapsed}, OPTIONS);

  it('its healthcheck, else its published ports, else staying up', () => {
    expect(at(container({hasHealthcheck: true, health: 'starting'}), 1_000)).toBeNull();
    expect(at(container({hasHealthcheck: true, health: 'healthy'}), 1_000)).toEqual({status: 'healthy', detail: 'its healthcheck passes'});
    expect(at(container({hasHealthcheck: true, health: 'unhealthy'}), 1_000)?.status).toBe('unhealthy');
    expect(at(container({hasHealthcheck: true, health: 'starting'}), 60_000)).toEqual({status: 'not-ready', detail: 'its healthcheck did not pass within 60 s'});
    const ported = container({ports: [{hostIp: '', hostPort: 8080, containerPort: 80}]});
    expect(at(ported, 1_000)).toBeNull();
    expect(at(ported, 1_000, true)).toEqual({status: 'answering', detail: 'it answers on port 8080'});
    expect(at(ported, 61_000)).toEqual({status: 'not-answering', detail: 'port 8080 did not answer within 60 s'});
    expect(at(container({}), 4_000)).toBeNull();
    expect(at(container({}), 5_000)).toEqual({status: 'running', detail: 'it stayed up for 5 s'});
  });

  it('an exit, a restart, a container that never starts', () => {
    expect(at(container({status: 'exited', exitCode: 1}), 1_000)).toEqual({status: 'exited', detail: 'it exited with code 1'});
    expect(at(container({status: 'exited', exitCode: 0}), 1_000)?.status).toBe('completed');
    expect(at(container({status: 'exited', exitCode: 137, oomKilled: true}), 1_000)?.detail).toMatch(/out of memory/);
    expect(at(container({restarts: 2, exitCode: 1}), 1_000)).toEqual({status: 'restarting', detail: 'it crashed and was restarted 2 times (exit code 1)'});
    expect(at(container({status: 'created'}), 1_000)).toBeNull();
    expect(at(container({status: 'created', error: 'runc create failed: setting rlimits'}), 10_000)).toEqual({status: 'not-started', detail: 'it did not start: runc create failed: setting rlimits'});
    expect(at(null, 10_000)?.status).toBe('not-started');
  });

  it('reads docker and podman inspect output', () => {
    const state = parseInspect({
      Id: 'abc',
      Name: '/p-web-1',
      RestartCount: 1,
      State: {Status: 'running', ExitCode: 0, OOMKilled: false, StartedAt: '2026-01-02T03:04:05.123456789Z', Health: {Status: 'healthy'}, Error: ''},
      Config: {Labels: {'com.docker.compose.service': 'web'}, Healthcheck: {Test: ['CMD-SHELL', 'true']}},
      NetworkSettings: {Ports: {'80/tcp': [{HostIp: '127.0.0.1', HostPort: '8080'}], '53/udp': [{HostIp: '', HostPort: '5353'}], '9000/tcp': null}},
    });
    expect(state).toEqual({
      id: 'abc', name: 'p-web-1', service: 'web', status: 'running', exitCode: 0, oomKilled: false, restarts: 1, health: 'healthy', hasHealthcheck: true,
      ports: [{hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80}], startedAt: Date.parse('2026-01-02T03:04:05.123Z'), error: null,
    });
    expect(parseInspect({State: {Status: 'created', StartedAt: '0001-01-01T00:00:00Z'}, Config: {Healthcheck: {Test: ['NONE']}}})).toMatchObject({startedAt: null, hasHealthcheck: false, health: null});
  });
});

class FakeEngine implements Engine {
  readonly name = 'podman' as const;
  readonly description = 'fake';
  readonly calls: string[] = [];
  images = new Set<string>();
  failBuild = new Set<string>();
  buildOutput = 'STEP 3/5: RUN make\nmake: *** No rule to make target\nError: building at STEP "RUN make"';
  states: (t: number) => ContainerState[] = () => [];
  t = 0;
  private ok = (output = ''): CommandResult => ({code: 0, output});
  async build(p: ComposeProject, svc: string) {
    this.calls.push(`build ${svc}`);
    const override = readFileSync(p.files.at(-1)!, 'utf8');
    const image = (JSON.parse(override) as {services: Record<string, {image: string}>}).services[svc]!.image;
    if (this.failBuild.has(svc)) return {code: 1, output: this.buildOutput};
    this.images.add(image);
    return this.ok();
  }
  async imageExists(image: string) {
    return this.images.has(image);
  }
  async up(_p: ComposeProject, services: readonly string[]) {
    this.calls.push(`up ${services.join(' ')}`.trim());
    return this.ok();
  }
  async containers() {
    return this.states(this.t);
  }
  async healthcheck(c: ContainerState) {
    this.calls.push(`healthcheck ${c.service}`);
  }
  async logs(c: ContainerState) {
    return `log of ${c.service}\n`;
  }
  async down(p: ComposeProject) {
    this.calls.push(`down ${p.name}`);
  }
  async removeImages() {}
}

describe('runStack: one start of one stack, with a fake engine', () => {
  let dir = '';
  afterEach(() => rmSync(dir, {recursive: true, force: true}));
  const options = (engine: FakeEngine, answers: (port: number) => boolean = () => true): RunnerOptions => ({
    ...OPTIONS,
    poll: 1_000,
    logLines: 10,
    now: () => engine.t,
    sleep: async (ms) => {
      engine.t += ms;
    },
    answers: async (_h, port) => answers(port),
  });

  it('builds what is built here, starts everything, watches each service to its verdict and removes it all', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
    const engine = new FakeEngine();
    engine.states = (t) => [
      container({service: 'web', ports: [{hostIp: '', hostPort: 8080, containerPort: 80}]}),
      container({service: 'db', hasHealthcheck: true, health: t >= 3_000 ? 'healthy' : 'starting'}),
      container({service: 'job', status: t >= 2_000 ? 'exited' : 'running', exitCode: 3}),
    ];
    const s = stack('compose.yaml', [service('web', {dockerfile: 'web/Dockerfile', context: 'web'}), service('db'), service('job', {dockerfile: 'job/Dockerfile', context: 'job'})]);
    const images = new ImageCache('shipshape-verify-test');
    const outcome = await runStack(engine, {stack: s, root: dir, scratch: dir, project: 'p1', changed: new Map(), images}, options(engine));
    expect(outcome.error).toBeNull();
    expect(outcome.services).toEqual([
      {service: 'web', status: 'answering', detail: 'it answers on port 8080', logs: []},
      {service: 'db', status: 'healthy', detail: 'its healthcheck passes', logs: []},
      {service: 'job', status: 'exited', detail: 'it exited with code 3', logs: ['log of job']},
    ]);
    expect(engine.calls.filter((c) => !c.startsWith('healthcheck'))).toEqual(['build web', 'build job', 'up', 'down p1']);
    expect(engine.calls).toContain('healthcheck db');

    // A second start with the same build input reuses the images: no build.
    engine.calls.length = 0;
    await runStack(engine, {stack: s, root: dir, scratch: dir, project: 'p2', changed: new Map([['compose.yaml', 'changed']]), images}, options(engine));
    expect(engine.calls.filter((c) => c.startsWith('build'))).toEqual([]);
    // A changed Dockerfile builds that service again, and only it.
    await runStack(engine, {stack: s, root: dir, scratch: dir, project: 'p3', changed: new Map([['web/Dockerfile', 'FROM x']]), images}, options(engine));
    expect(engine.calls.filter((c) => c.startsWith('build'))).toEqual(['build web']);
  });

  it('a service whose image does not build is reported with the build output, and what depends on it is not started', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
    const engine = new FakeEngine();
    engine.failBuild.add('api');
    engine.states = () => [container({service: 'cache'})];
    const s = stack('compose.yaml', [service('web', {dependsOn: ['api']}), service('api', {dockerfile: 'api/Dockerfile', context: 'api'}), service('cache')]);
    const outcome = await runStack(engine, {stack: s, root: dir, scratch: dir, project: 'p1', changed: new Map(), images: new ImageCache('x')}, options(engine));
    expect(outcome.services.map((o) => [o.service, o.status, o.detail])).toEqual([
      ['web', 'not-started', 'it depends on api, which did not build'],
      ['api', 'build-failed', 'its image did not build: Error: building at STEP "RUN make"'],
      ['cache', 'running', 'it stayed up for 5 s'],
    ]);
    expect(engine.calls).toContain('up cache');
    expect(engine.calls.at(-1)).toBe('down p1');
  });

  it('a build whose FROM cannot be pulled names the image and why; what depends on it says so', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
    const engine = new FakeEngine();
    engine.failBuild.add('api');
    engine.buildOutput = [
      'STEP 1/8: FROM node:20-bookworm-slim',
      'Trying to pull docker.io/library/node:20-bookworm-slim...',
      'Error: creating build container: initializing source docker://node:20-bookworm-slim: pinging container registry registry-1.docker.io: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    ].join('\n');
    const s = stack('compose.yaml', [service('web', {dependsOn: ['api']}), service('api', {dockerfile: 'api/Dockerfile', context: 'api'})]);
    const outcome = await runStack(engine, {stack: s, root: dir, scratch: dir, project: 'p1', changed: new Map(), images: new ImageCache('x')}, options(engine));
    expect(outcome.error).toBeNull();
    expect(outcome.services[0]).toEqual({service: 'web', status: 'not-started', detail: 'it depends on api, whose image could not be got', logs: []});
    expect(outcome.services[1]).toEqual({
      service: 'api',
      status: 'image-unavailable',
      detail: 'its build needs node:20-bookworm-slim, which could not be got: the registry registry-1.docker.io cannot be reached (no such host)',
      logs: ['Trying to pull docker.io/library/node:20-bookworm-slim...', engine.buildOutput.split('\n')[2]],
      image: {name: 'node:20-bookworm-slim', reason: 'the registry registry-1.docker.io cannot be reached (no such host)'},
    });
    expect(engine.calls).not.toContain('up');
  });

  it('says the engine could not start anything, with its error, when it made containers and started none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
    const engine = new FakeEngine();
    engine.up = async () => ({code: 0, output: 'podman run --name=p1_web_1 …\nError: runc: runc create failed: unable to start container process: error setting rlimits\nexit code: 126\n'});
    engine.states = () => [container({service: 'web', status: 'created'})];
    const outcome = await runStack(engine, {stack: stack('compose.yaml', [service('web')]), root: dir, scratch: dir, project: 'p1', changed: new Map(), images: new ImageCache('x')}, options(engine));
    expect(outcome.error).toBe('Error: runc: runc create failed: unable to start container process: error setting rlimits');
    expect(outcome.services[0]!.status).toBe('not-started');
  });

  it('an image that cannot be pulled fails its service, with the reason, and is no engine failure', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
    const engine = new FakeEngine();
    engine.up = async () => ({
      code: 0,
      output: [
        "['podman', 'network', 'exists', 'p1_default']",
        'podman run --name=p1_db_1 -d --label com.docker.compose.service=db postgres:16',
        'Error: short-name "postgres:16" did not resolve to an alias and no unqualified-search registries are defined',
        'exit code: 125',
        'podman run --name=p1_web_1 -d web:1',
        'exit code: 0',
      ].join('\n'),
    });
    engine.states = () => [container({service: 'web'})];
    const outcome = await runStack(engine, {stack: stack('compose.yaml', [service('db', {image: 'postgres:16'}), service('web')]), root: dir, scratch: dir, project: 'p1', changed: new Map(), images: new ImageCache('x')}, options(engine));
    expect(outcome.error).toBeNull();
    expect(outcome.services.map((o) => [o.service, o.status, o.detail])).toEqual([
      ['db', 'image-unavailable', 'it needs postgres:16, which could not be got: podman has no registry for short names (add unqualified-search-registries = ["docker.io"] to /etc/containers/registries.conf)'],
      ['web', 'running', 'it stayed up for 5 s'],
    ]);
  });
});

describe('the Compose override and image keys', () => {
  it('renames images, container names, named volumes and networks to the start\'s own', () => {
    const s = stack('compose.yaml', [service('web', {containerName: 'acme-web'}), service('api')], {renames: {volumes: ['data'], networks: ['edge']}});
    expect(JSON.parse(overrideText({stack: s, project: 'shipshape-verify-1'}, new Map([['api', 'shipshape-verify-x-1:latest']])))).toEqual({
      services: {web: {container_name: 'shipshape-verify-1-web'}, api: {image: 'shipshape-verify-x-1:latest'}},
      volumes: {data: {name: 'shipshape-verify-1_data', external: false}},
      networks: {edge: {name: 'shipshape-verify-1_edge', external: false}},
    });
  });

  it('an image is rebuilt only when a file of its build context changed', () => {
    const svc = service('api', {dockerfile: 'api/Dockerfile', context: 'api'});
    const s = stack('compose.yaml', [svc]);
    const key = (changed: Record<string, string>) => buildKey({stack: s, changed: new Map(Object.entries(changed))}, svc);
    expect(key({'compose.yaml': 'x'})).toBe(key({}));
    expect(key({'api/Dockerfile': 'x'})).not.toBe(key({}));
    expect(key({'apiary/Dockerfile': 'x'})).toBe(key({}));
  });
});
