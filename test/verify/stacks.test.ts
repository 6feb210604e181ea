import {describe, expect, it} from 'vitest';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {plan} from '../../src/core/plan.js';
import {RULES} from '../../src/rules/registry.js';
import {findStacks} from '../../src/verify/stacks.js';
import {fixRefs, serviceOfLocator} from '../../src/verify/attribute.js';

const compose = (path: string, text: string): InputFile => ({path, kind: 'compose', text});
const dockerfile = (path: string, text: string): InputFile => ({path, kind: 'dockerfile', text});

describe('findStacks: which Compose projects verify starts', () => {
  it('starts each folder\'s default Compose file with its override, and lists the other files there as not started', () => {
    const project = buildProject(['.'], [
      compose('compose.yaml', 'services:\n  web:\n    build: ./web\n    depends_on: [api]\n  api:\n    image: acme/api:1\n'),
      compose('compose.override.yaml', 'services:\n  api:\n    build:\n      context: api\n      dockerfile: Dockerfile.dev\n    container_name: acme-api\n'),
      compose('compose.prod.yaml', 'services:\n  web:\n    image: acme/web:1\n'),
      compose('tools/docker-compose.yml', 'services:\n  lint:\n    image: acme/lint:1\n  docs:\n    image: acme/docs:1\n    profiles: [docs]\n'),
    ]);
    const stacks = findStacks(project);
    expect(stacks.map((s) => [s.id, s.files, s.skip])).toEqual([
      ['compose.yaml', ['compose.yaml', 'compose.override.yaml'], null],
      ['compose.prod.yaml', ['compose.prod.yaml'], "not started: verify starts the folder's default Compose file, compose.yaml"],
      ['tools/docker-compose.yml', ['tools/docker-compose.yml'], null],
    ]);
    expect(stacks[0]!.services).toEqual([
      {name: 'web', dockerfile: 'web/Dockerfile', context: 'web', image: null, dependsOn: ['api'], containerName: null},
      {name: 'api', dockerfile: 'api/Dockerfile.dev', context: 'api', image: 'acme/api:1', dependsOn: [], containerName: 'acme-api'},
    ]);
    // A service with profiles is not part of a plain `up`.
    expect(stacks[2]!.services.map((s) => s.name)).toEqual(['lint']);
  });

  it('starts every Compose file of a folder without a default one, and merges anchors', () => {
    const project = buildProject(['.'], [
      compose('deploy/stack-a.yml', 'x-base: &base\n  build: .\nservices:\n  a:\n    <<: *base\n'),
      compose('deploy/stack-b.yml', 'services:\n  b:\n    image: b:1\n    depends_on:\n      a:\n        condition: service_healthy\n'),
    ]);
    const stacks = findStacks(project);
    expect(stacks.map((s) => s.id)).toEqual(['deploy/stack-a.yml', 'deploy/stack-b.yml']);
    expect(stacks[0]!.services[0]).toMatchObject({name: 'a', dockerfile: 'deploy/Dockerfile', context: 'deploy'});
    expect(stacks[1]!.services[0]!.dependsOn).toEqual(['a']);
  });

  it('does not start a stack that would write to the host', () => {
    const cases: Array<[string, string]> = [
      ['    volumes:\n      - /srv/db:/var/lib/postgresql/data\n', 'service db mounts the host folder /srv/db writable'],
      ['    volumes:\n      - type: bind\n        source: /var/run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true\n', 'service db mounts the container engine socket /var/run/docker.sock'],
      ['    volumes:\n      - data:/data\nvolumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /mnt/data}\n', 'service db uses volume data, which is the host folder /mnt/data'],
    ];
    for (const [volumes, reason] of cases) {
      const [stack] = findStacks(buildProject(['.'], [compose('compose.yaml', `services:\n  db:\n    image: postgres:16\n${volumes}`)]));
      expect(stack!.skip).toBe(`not started: ${reason} (verify writes nothing outside its temporary copy)`);
    }
    const ok = findStacks(buildProject(['.'], [compose('compose.yaml', 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - ./init:/docker-entrypoint-initdb.d\n      - /etc/localtime:/etc/localtime:ro\n      - data:/var/lib/postgresql/data\nvolumes:\n  data:\n    name: shared-data\nnetworks:\n  edge:\n    external: true\n  own: {}\n')]));
    expect(ok[0]!.skip).toBeNull();
    expect(ok[0]!.renames).toEqual({volumes: ['data'], networks: ['edge']});
  });
});

describe('fixRefs: which services a fix changes', () => {
  it('a Compose fix changes its service, a Dockerfile fix every service built from it', () => {
    const project = buildProject(['.'], [
      compose('compose.yaml', 'services:\n  web:\n    build: ./app\n  worker:\n    build: ./app\n  web-admin:\n    image: acme/admin:1\n'),
      dockerfile('app/Dockerfile', 'FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD ["./run"]\n'),
    ]);
    const result = plan(project, {rules: RULES, select: (f) => (['C203', 'D101'].includes(f.rule) ? {} : null)});
    const refs = fixRefs(result.applied, findStacks(project));
    const byService = (rule: string) => refs.filter((r) => r.rule === rule).map((r) => r.services.map((s) => s.service).join(','));
    expect(byService('C203').sort()).toEqual(['web', 'web-admin', 'worker']);
    expect(byService('D101')).toEqual(['web,worker']);
  });

  it('reads the service from a locator, preferring the longest name', () => {
    expect(serviceOfLocator('services.web-admin.environment.TOKEN', ['web', 'web-admin'])).toBe('web-admin');
    expect(serviceOfLocator('services.web', ['web', 'web-admin'])).toBe('web');
    expect(serviceOfLocator('secrets', ['web'])).toBeNull();
  });
});
