/**
 * The YAML reading layer: `<<` merge keys read the same under YAML 1.1 (Kubernetes) and 1.2 with
 * merges (Compose), and a Compose `build:` inherited through a merge maps its image to the
 * Dockerfile it builds.
 */
import {describe, expect, it} from 'vitest';
import {isMap, type YAMLMap} from 'yaml';
import {buildProject} from '../../src/core/project.js';
import {isParseFailure, parseSource, type YamlSource} from '../../src/core/source.js';
import {composeBuild, image, runsContainer, services} from '../../src/formats/yaml/compose.js';
import {podTemplatesOf} from '../../src/formats/yaml/kubernetes.js';
import {deref, isMergeKey, lookup, lookupPath, MAX_ALIAS_DEPTH, ownPair, scalarOf} from '../../src/formats/yaml/nodes.js';
import {parseYaml, type YamlVersion} from '../../src/formats/yaml/parse.js';
import {composeBuildsOf, dockerfileForImage} from '../../src/knowledge/image-source.js';

const MERGES = `base: &base
  image: nginx:1.27
  restart: always
  deploy:
    resources:
      limits: {memory: 256M}
extra: &extra
  restart: on-failure
  user: "101"
single: &single
  <<: *base
  restart: "no"
list:
  <<: [*extra, *base]
tagged:
  !!merge <<: *base
quoted:
  "<<": *base
nested:
  <<: *single
`;

function root(text: string, version: YamlVersion): {doc: ReturnType<typeof parseYaml>[number]; map: (key: string) => YAMLMap} {
  const [doc] = parseYaml(text, version);
  const top = doc!.contents as YAMLMap;
  return {
    doc: doc!,
    map: (key) => {
      const value = ownPair(top, key)?.value;
      if (!isMap(value)) throw new Error(`${key} is not a mapping`);
      return value;
    },
  };
}

describe.each(['1.1', '1.2'] as const)('merge keys under YAML %s', (version) => {
  const {doc, map} = root(MERGES, version);
  const value = (key: string, of: string) => scalarOf(lookup(doc, map(of), key)?.value);

  it('reads a merged key, and an own key wins over the merged one', () => {
    expect(value('image', 'single')).toBe('nginx:1.27');
    expect(value('restart', 'single')).toBe('no');
    const found = lookup(doc, map('single'), 'image')!;
    expect(found.merged).toBe(true);
    expect(found.shared).toBe(true);
    expect(found.owner).toBe(map('base'));
    expect(lookup(doc, map('single'), 'restart')!.merged).toBe(false);
  });

  it('takes the first mapping of a merge list that has the key', () => {
    expect(value('restart', 'list')).toBe('on-failure');
    expect(value('user', 'list')).toBe('101');
    expect(value('image', 'list')).toBe('nginx:1.27');
  });

  it('reads `!!merge <<` as a merge and a quoted "<<" as an ordinary key', () => {
    expect(value('image', 'tagged')).toBe('nginx:1.27');
    expect(lookup(doc, map('quoted'), 'image')).toBeUndefined();
    expect(isMergeKey(map('quoted').items[0]!)).toBe(false);
    expect(isMergeKey(map('single').items[0]!)).toBe(true);
    expect(ownPair(map('quoted'), '<<')).toBeDefined();
  });

  it('follows merges inside merges, and paths through merged mappings', () => {
    expect(value('image', 'nested')).toBe('nginx:1.27');
    expect(value('restart', 'nested')).toBe('no');
    const limit = lookupPath(doc, map('nested'), ['deploy', 'resources', 'limits', 'memory']);
    expect(scalarOf(limit?.value)).toBe('256M');
    expect(limit?.merged).toBe(true);
  });

  it('stops after MAX_ALIAS_DEPTH nested merges', () => {
    const lines = ['m0: &m0', '  deep: found'];
    for (let i = 1; i <= MAX_ALIAS_DEPTH + 2; i++) lines.push(`m${i}: &m${i}`, `  <<: *m${i - 1}`);
    const chain = root(`${lines.join('\n')}\n`, version);
    expect(scalarOf(lookup(chain.doc, chain.map(`m${MAX_ALIAS_DEPTH}`), 'deep')?.value)).toBe('found');
    expect(lookup(chain.doc, chain.map(`m${MAX_ALIAS_DEPTH + 2}`), 'deep')).toBeUndefined();
  });
});

describe('an inherited build: in Compose', () => {
  const compose = `x-build: &build
  build:
    context: services/web
    target: runtime
    args:
      NODE_VERSION: "22"
      TOKEN:
x-image: &image
  image: ghcr.io/acme/storefront:2.1
services:
  frontend:
    <<: [*build, *image]
  worker:
    <<: *build
  base:
    environment: {A: "1"}
`;
  const dockerfile = 'FROM node:22-alpine\nUSER 2000:2000\nCMD ["node", "server.js"]\n';
  const project = buildProject(['.'], [
    {path: 'compose.yaml', kind: 'compose', text: compose},
    {path: 'services/web/Dockerfile', kind: 'dockerfile', text: dockerfile},
  ]);
  const source = project.get('compose.yaml') as YamlSource;

  it('is the service build, with the image it is given', () => {
    const [frontend, worker, base] = services(source);
    expect(composeBuild(frontend!)).toEqual({context: 'services/web', dockerfile: 'services/web/Dockerfile', target: 'runtime', args: new Map([['NODE_VERSION', '22'], ['TOKEN', '${TOKEN}']])});
    expect(image(frontend!)).toBe('ghcr.io/acme/storefront:2.1');
    expect(composeBuild(worker!)?.dockerfile).toBe('services/web/Dockerfile');
    expect(runsContainer(worker!)).toBe(true);
    expect(runsContainer(base!)).toBe(false);
    expect(composeBuild(base!)).toBeNull();
  });

  it('reads build.args in either form; a bare name passes the variable Compose runs with', () => {
    const text = 'services:\n  a:\n    build: {context: ., args: {BASE: "alpine:3.20", EMPTY:}}\n  b:\n    build:\n      context: .\n      args:\n        - BASE=debian:12\n        - SENTRY_IMAGE\n';
    const src = buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text}]).get('compose.yaml') as YamlSource;
    const [a, b] = services(src);
    expect(composeBuild(a!)?.args).toEqual(new Map([['BASE', 'alpine:3.20'], ['EMPTY', '${EMPTY}']]));
    expect(composeBuild(b!)?.args).toEqual(new Map([['BASE', 'debian:12'], ['SENTRY_IMAGE', '${SENTRY_IMAGE}']]));
  });

  it('maps the image to the Dockerfile it builds', () => {
    expect(composeBuildsOf(project, 'services/web/Dockerfile').map((b) => [b.service.name, b.image])).toEqual([
      ['frontend', 'ghcr.io/acme/storefront:2.1'],
      ['worker', null],
    ]);
    expect(dockerfileForImage(project, 'ghcr.io/acme/storefront:2.2')?.path).toBe('services/web/Dockerfile');
  });
});

describe('a Kubernetes pod spec merged from another workload (YAML 1.1)', () => {
  const text = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: worker-a}
    spec:
      template:
        spec: &pod
          containers:
            - name: worker
              image: ghcr.io/acme/worker:4.2
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: worker-b}
    spec:
      template:
        spec:
          <<: *pod
          serviceAccountName: worker-b
`;
  it('reads the merged containers, shared with the anchor', () => {
    const source = parseSource('k8s/workers.yaml', 'kubernetes', text);
    if (isParseFailure(source) || source.kind === 'dockerfile' || source.kind === 'script') throw new Error('parse');
    const [a, b] = podTemplatesOf(source);
    expect(a!.containers.map((c) => [c.name, c.shared])).toEqual([['worker', false]]);
    expect(b!.containers.map((c) => [c.name, c.shared])).toEqual([['worker', true]]);
    expect(b!.containers[0]!.node).toBe(a!.containers[0]!.node);
  });
});

describe('aliases', () => {
  it('name the last node anchored with their name before them, as yaml resolves them (an anchor may be redefined)', () => {
    const text = `a: &x one
b: *x
c: &x two
d: *x
e: [&y {k: 1}, *y]
f: *y
g: *nowhere
`;
    const [doc] = parseYaml(text, '1.2');
    const top = doc!.contents as YAMLMap;
    const value = (key: string) => ownPair(top, key)!.value;
    for (const key of ['b', 'd', 'f']) expect(deref(value(key), doc)).toBe((value(key) as {resolve(d: unknown): unknown}).resolve(doc));
    expect(scalarOf(deref(value('b'), doc))).toBe('one');
    expect(scalarOf(deref(value('d'), doc))).toBe('two');
    expect(deref(value('g'), doc)).toBeUndefined();
  });
});
