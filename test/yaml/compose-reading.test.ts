import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import type {YamlSource} from '../../src/core/source.js';
import {parseDotEnv} from '../../src/formats/env.js';
import {environment, mounts, services} from '../../src/formats/yaml/compose.js';

function service(text: string) {
  const src = buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text}]).get('compose.yaml') as YamlSource;
  return services(src)[0]!;
}

describe('Compose mounts', () => {
  it('lists every path mounted, in the short and long volume syntax and tmpfs, normalised', () => {
    const svc = service(
      'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pg:/var/lib/postgresql/data/\n      - ./conf:/etc/app:ro\n      - /anonymous\n      - type: tmpfs\n        target: /tmp/\n    tmpfs:\n      - /run:size=16m\n      - /var/run/postgresql\n',
    );
    expect(mounts(svc)).toEqual([
      {target: '/var/lib/postgresql/data', via: 'volumes'},
      {target: '/etc/app', via: 'volumes'},
      {target: '/anonymous', via: 'volumes'},
      {target: '/tmp', via: 'volumes'},
      {target: '/run', via: 'tmpfs'},
      {target: '/var/run/postgresql', via: 'tmpfs'},
    ]);
    expect(mounts(service('services:\n  a:\n    image: x\n    tmpfs: /tmp\n'))).toEqual([{target: '/tmp', via: 'tmpfs'}]);
  });
});

describe('Compose environment', () => {
  it('reads the map and the list form, leaving out names without a value', () => {
    expect(environment(service('services:\n  a:\n    image: x\n    environment:\n      JAVA_OPTS: "-Xmx1g"\n      FROM_SHELL:\n'))).toEqual(new Map([['JAVA_OPTS', '-Xmx1g']]));
    expect(environment(service('services:\n  a:\n    image: x\n    environment:\n      - JAVA_OPTS=-Xms64m -Xmx128m\n      - FROM_SHELL\n'))).toEqual(new Map([['JAVA_OPTS', '-Xms64m -Xmx128m']]));
  });
});

describe('.env', () => {
  it('reads names and values as Compose does: export, quotes, comments', () => {
    const vars = parseDotEnv('# images\nSENTRY_IMAGE=ghcr.io/getsentry/sentry:nightly\nexport TAG="16-alpine"\nGRAFANA=grafana/grafana:11 # pinned\nQUOTED=\'a # b\'\nnot a line\n');
    expect(Object.fromEntries(vars)).toEqual({SENTRY_IMAGE: 'ghcr.io/getsentry/sentry:nightly', TAG: '16-alpine', GRAFANA: 'grafana/grafana:11', QUOTED: 'a # b'});
    expect(parseDotEnv(null).size).toBe(0);
  });
});
