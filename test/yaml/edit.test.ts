import {describe, expect, it} from 'vitest';
import {isMap, isSeq, parse, type YAMLMap, type YAMLSeq} from 'yaml';
import {applyEdits} from '../../src/core/edit.js';
import type {Edit} from '../../src/core/model.js';
import {parseSource, isParseFailure, type YamlSource} from '../../src/core/source.js';
import {appendIn, appendItems, removeIn, removeItem, removeKey, setIn, setKey, emptyValue, nestedFirst} from '../../src/formats/yaml/edit.js';
import {lookup as effectivePair} from '../../src/formats/yaml/nodes.js';
import {flow, quoted} from '../../src/formats/yaml/render.js';
import {detectStyle} from '../../src/formats/yaml/style.js';

function src(text: string, path = 'compose.yaml'): YamlSource {
  const s = parseSource(path, path.endsWith('.json') ? 'kubernetes' : 'compose', text);
  if (isParseFailure(s)) throw new Error(`fixture does not parse: ${s.message}`);
  return s as YamlSource;
}

function apply(s: YamlSource, edits: Edit[]): string {
  const out = applyEdits(s.text, edits);
  // Every result must parse again.
  expect(isParseFailure(parseSource(s.path, s.kind, out)), `result parses:\n${out}`).toBe(false);
  return out;
}

function root(s: YamlSource, doc = 0): YAMLMap {
  const c = s.docs[doc]!.contents;
  if (!isMap(c)) throw new Error('root is not a map');
  return c;
}

function at(s: YamlSource, path: (string | number)[], doc = 0): YAMLMap | YAMLSeq {
  const n = s.docs[doc]!.getIn(path, true);
  if (!isMap(n) && !isSeq(n)) throw new Error(`${path.join('.')} is not a collection`);
  return n;
}

const lf = (lines: string[]) => lines.join('\n') + '\n';
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

describe('setIn / setKey on block mappings', () => {
  it('adds a key after the last pair with the mapping indentation', () => {
    const s = src(lf(['services:', '  web:', '    image: nginx:1.27', '    ports:', '      - "80:80"', '  db:', '    image: postgres:16']));
    const out = apply(s, setKey(s, at(s, ['services', 'web']) as YAMLMap, 'read_only', true));
    expect(out).toBe(lf(['services:', '  web:', '    image: nginx:1.27', '    ports:', '      - "80:80"', '    read_only: true', '  db:', '    image: postgres:16']));
  });

  it('replaces an existing scalar value and nothing else', () => {
    const s = src(lf(['web:', '  restart: always   # keep it up', '  image: x']));
    const out = apply(s, setKey(s, at(s, ['web']) as YAMLMap, 'restart', quoted('on-failure:3')));
    expect(out).toBe(lf(['web:', '  restart: "on-failure:3"   # keep it up', '  image: x']));
  });

  it('returns no edit when the value is already there', () => {
    const s = src(lf(['web:', '  read_only: true']));
    expect(setKey(s, at(s, ['web']) as YAMLMap, 'read_only', true)).toEqual([]);
  });

  it('creates a nested path (deploy.resources.limits.memory)', () => {
    const s = src(lf(['services:', '  api:', '    image: api', '    # the last comment', '  db:', '    image: db']));
    const out = apply(s, setIn(s, at(s, ['services', 'api']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], '512M'));
    expect(out).toBe(lf(['services:', '  api:', '    image: api', '    deploy:', '      resources:', '        limits:', '          memory: 512M', '    # the last comment', '  db:', '    image: db']));
  });

  it('descends into existing mappings and adds only the missing part', () => {
    const s = src(lf(['api:', '  deploy:', '    resources:', '      reservations:', '        memory: 256M', '    replicas: 2']));
    const out = apply(s, setIn(s, root(s), ['api', 'deploy', 'resources', 'limits', 'memory'], '512M'));
    expect(out).toBe(lf(['api:', '  deploy:', '    resources:', '      reservations:', '        memory: 256M', '      limits:', '        memory: 512M', '    replicas: 2']));
  });

  it('fills an empty value (key: with nothing)', () => {
    const s = src(lf(['api:', '  deploy:', '  image: x']));
    const out = apply(s, setIn(s, at(s, ['api']) as YAMLMap, ['deploy', 'resources', 'limits', 'cpus'], quoted('1')));
    expect(out).toBe(lf(['api:', '  deploy:', '    resources:', '      limits:', '        cpus: "1"', '  image: x']));
  });

  it('fills an empty value with a trailing comment kept on the key line', () => {
    const s = src(lf(['api:', '  deploy: # later', '  image: x']));
    const out = apply(s, setIn(s, at(s, ['api']) as YAMLMap, ['deploy', 'replicas'], 1));
    expect(out).toBe(lf(['api:', '  deploy: # later', '    replicas: 1', '  image: x']));
  });

  it('replaces null and ~ values', () => {
    const s = src(lf(['a:', '  x: null', '  y: ~']));
    let out = apply(s, setKey(s, at(s, ['a']) as YAMLMap, 'x', 1));
    expect(out).toBe(lf(['a:', '  x: 1', '  y: ~']));
    out = apply(s, setIn(s, at(s, ['a']) as YAMLMap, ['y', 'z'], 2));
    expect(out).toBe(lf(['a:', '  x: null', '  y:', '    z: 2']));
  });

  it('fills an empty {} of a block key with block lines, and extends a flow mapping inside its braces', () => {
    const s = src(lf(['api:', '  deploy: {}', '  labels: {a: b}']));
    let out = apply(s, setIn(s, at(s, ['api']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], '512M'));
    expect(out).toBe(lf(['api:', '  deploy:', '    resources:', '      limits:', '        memory: 512M', '  labels: {a: b}']));
    out = apply(s, setIn(s, at(s, ['api']) as YAMLMap, ['labels', 'c'], 'd'));
    expect(out).toBe(lf(['api:', '  deploy: {}', '  labels: {a: b, c: d}']));
  });

  it('keeps an empty {} inside a flow collection, or before a comment, in its place', () => {
    let s = src(lf(['api: {deploy: {}}']));
    expect(apply(s, setIn(s, at(s, ['api']) as YAMLMap, ['deploy', 'cpus'], 1))).toBe(lf(['api: {deploy: {cpus: 1}}']));
    s = src(lf(['c:', '- name: web', '  securityContext: {}  # hardened below', '  image: x']), 'pod.yaml');
    const item = s.docs[0]!.getIn(['c', 0], true) as YAMLMap;
    expect(apply(s, setIn(s, item, ['securityContext', 'runAsNonRoot'], true))).toBe(lf(['c:', '- name: web', '  securityContext:  # hardened below', '    runAsNonRoot: true', '  image: x']));
    s = src(lf(['c:', '- securityContext: {}', '  image: x']), 'pod.yaml');
    expect(apply(s, setIn(s, s.docs[0]!.getIn(['c', 0], true) as YAMLMap, ['securityContext', 'runAsNonRoot'], true))).toBe(lf(['c:', '- securityContext:', '    runAsNonRoot: true', '  image: x']));
  });

  it('keeps flow padding when extending { a: b }', () => {
    const s = src(lf(['api: { image: x }']));
    const out = apply(s, setKey(s, at(s, ['api']) as YAMLMap, 'read_only', true));
    expect(out).toBe(lf(['api: { image: x, read_only: true }']));
  });

  it('inserts before a --- of the next document and works on later documents', () => {
    const s = src(lf(['a:', '  b: 1', '---', 'c:', '  d: 2']));
    const out = apply(s, [...setKey(s, at(s, ['a'], 0) as YAMLMap, 'e', 3), ...setKey(s, at(s, ['c'], 1) as YAMLMap, 'f', 4)]);
    expect(out).toBe(lf(['a:', '  b: 1', '  e: 3', '---', 'c:', '  d: 2', '  f: 4']));
  });

  it('handles a file without a final newline', () => {
    const s = src('a:\n  b: 1');
    expect(apply(s, setKey(s, at(s, ['a']) as YAMLMap, 'c', 2))).toBe('a:\n  b: 1\n  c: 2');
  });

  it('copies 4-space indentation', () => {
    const s = src(lf(['services:', '    web:', '        image: x', '        ports:', '            - "80:80"']));
    const out = apply(s, [...setIn(s, at(s, ['services', 'web']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], '512M'), ...appendIn(s, at(s, ['services', 'web']) as YAMLMap, ['cap_drop'], ['ALL'])]);
    expect(out).toBe(
      lf(['services:', '    web:', '        image: x', '        ports:', '            - "80:80"', '        deploy:', '            resources:', '                limits:', '                    memory: 512M', '        cap_drop:', '            - ALL']),
    );
  });

  it('writes indentless sequences where the file uses them', () => {
    const s = src(lf(['web:', '  ports:', '  - "80:80"', '  image: x']));
    const out = apply(s, appendIn(s, at(s, ['web']) as YAMLMap, ['cap_drop'], ['ALL']));
    expect(out).toBe(lf(['web:', '  ports:', '  - "80:80"', '  image: x', '  cap_drop:', '  - ALL']));
  });

  it('adds to the mapping of a sequence item (- name: x)', () => {
    const s = src(lf(['containers:', '  - name: web', '    image: x', '  - name: side', '    image: y']));
    const m = at(s, ['containers', 0]) as YAMLMap;
    const out = apply(s, setIn(s, m, ['securityContext', 'capabilities', 'drop'], ['ALL']));
    expect(out).toBe(lf(['containers:', '  - name: web', '    image: x', '    securityContext:', '      capabilities:', '        drop:', '          - ALL', '  - name: side', '    image: y']));
  });

  it('keeps anchors, aliases and merge keys and edits after a merge key', () => {
    const text = lf(['x-defaults: &defaults', '  restart: always', 'services:', '  web:', '    <<: *defaults', '    image: x', '  db:', '    <<: *defaults']);
    const s = src(text);
    const out = apply(s, [...setKey(s, at(s, ['services', 'db']) as YAMLMap, 'read_only', true), ...setKey(s, at(s, ['x-defaults']) as YAMLMap, 'restart', quoted('on-failure:3'))]);
    expect(out).toBe(lf(['x-defaults: &defaults', '  restart: "on-failure:3"', 'services:', '  web:', '    <<: *defaults', '    image: x', '  db:', '    <<: *defaults', '    read_only: true']));
    expect(parse(out, {merge: true}).services.db).toEqual({restart: 'on-failure:3', read_only: true});
  });

  it('finds the pair a merge key brings in (effectivePair)', () => {
    const s = src(lf(['x-d: &d', '  restart: always', 'web:', '  <<: *d', '  image: x']));
    const found = effectivePair(s.docs[0], at(s, ['web']) as YAMLMap, 'restart');
    expect(found?.merged).toBe(true);
    expect(found?.owner).toBe(at(s, ['x-d']));
    expect(effectivePair(s.docs[0], at(s, ['web']) as YAMLMap, 'image')?.merged).toBe(false);
  });

  it('follows an alias when descending with {doc}', () => {
    const s = src(lf(['x-deploy: &dep', '  replicas: 1', 'web:', '  deploy: *dep']));
    const out = apply(s, setIn(s, at(s, ['web']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], '1G', {doc: s.docs[0]}));
    expect(out).toBe(lf(['x-deploy: &dep', '  replicas: 1', '  resources:', '    limits:', '      memory: 1G', 'web:', '  deploy: *dep']));
  });

  it('inserts after a block scalar', () => {
    const s = src(lf(['web:', '  command: |', '    run', '    this', '', '  image: x']));
    const out = apply(s, setKey(s, root(s), 'db', 'y'));
    expect(out).toBe(lf(['web:', '  command: |', '    run', '    this', '', '  image: x', 'db: y']));
    const s2 = src(lf(['web:', '  command: |', '    run']));
    expect(apply(s2, setKey(s2, at(s2, ['web']) as YAMLMap, 'a', 1))).toBe(lf(['web:', '  command: |', '    run', '  a: 1']));
  });

  it('works on CRLF files with CRLF in new lines', () => {
    const s = src(crlf(['services:', '  web:', '    image: x', '  db:', '    image: y']));
    const out = apply(s, setIn(s, at(s, ['services', 'web']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], '512M'));
    expect(out).toBe(crlf(['services:', '  web:', '    image: x', '    deploy:', '      resources:', '        limits:', '          memory: 512M', '  db:', '    image: y']));
  });

  it('uses the file quote character for quoted()', () => {
    const s = src(lf(["web:", "  image: 'x'", "  ports: ['80:80']"]));
    expect(detectStyle(s, s.docs).quote).toBe("'");
    expect(apply(s, setKey(s, at(s, ['web']) as YAMLMap, 'user', quoted('10001:10001')))).toBe(lf(["web:", "  image: 'x'", "  ports: ['80:80']", "  user: '10001:10001'"]));
  });

  it('renders plain strings that need quoting quoted', () => {
    const s = src(lf(['web:', '  image: x']));
    const out = apply(s, setKey(s, at(s, ['web']) as YAMLMap, 'a', 'true'));
    expect(parse(out).web.a).toBe('true');
  });
});

describe('sequences', () => {
  it('appends to a block sequence with its dash column', () => {
    const s = src(lf(['web:', '  cap_add:', '    - CHOWN # ok', '  # about image', '  image: x']));
    const out = apply(s, appendItems(s, at(s, ['web', 'cap_add']) as YAMLSeq, ['SETUID']));
    expect(out).toBe(lf(['web:', '  cap_add:', '    - CHOWN # ok', '    - SETUID', '  # about image', '  image: x']));
  });

  it('extends a flow sequence inside its brackets', () => {
    const s = src(lf(['web:', '  security_opt: [apparmor:docker-default]']));
    const out = apply(s, appendIn(s, at(s, ['web']) as YAMLMap, ['security_opt'], [quoted('no-new-privileges:true')]));
    expect(out).toBe(lf(['web:', '  security_opt: [apparmor:docker-default, "no-new-privileges:true"]']));
  });

  it('fills [] and appends only missing items', () => {
    const s = src(lf(['web:', '  cap_drop: []', '  cap_add: [CHOWN]']));
    const out = apply(s, [...appendIn(s, at(s, ['web']) as YAMLMap, ['cap_drop'], ['ALL']), ...appendIn(s, at(s, ['web']) as YAMLMap, ['cap_add'], ['CHOWN', 'SETUID'])]);
    expect(out).toBe(lf(['web:', '  cap_drop: [ALL]', '  cap_add: [CHOWN, SETUID]']));
  });

  it('creates a flow sequence on request', () => {
    const s = src(lf(['web:', '  image: x']));
    expect(apply(s, appendIn(s, at(s, ['web']) as YAMLMap, ['cap_drop'], flow(['ALL'])))).toBe(lf(['web:', '  image: x', '  cap_drop: [ALL]']));
  });

  it('appends mappings to a sequence of mappings', () => {
    const s = src(lf(['volumes:', '  - type: bind', '    source: ./a', '    target: /a', 'x: 1']));
    const out = apply(s, appendItems(s, at(s, ['volumes']) as YAMLSeq, [{type: 'tmpfs', target: '/tmp'}]));
    expect(out).toBe(lf(['volumes:', '  - type: bind', '    source: ./a', '    target: /a', '  - type: tmpfs', '    target: /tmp', 'x: 1']));
  });

  it('appends to an indentless sequence', () => {
    const s = src(lf(['a:', '- x', '- y', 'b: 1']));
    expect(apply(s, appendItems(s, at(s, ['a']) as YAMLSeq, ['z']))).toBe(lf(['a:', '- x', '- y', '- z', 'b: 1']));
  });

  it('removes items from block and flow sequences', () => {
    const s = src(lf(['a:', '  - x', '  - y # c', '  - z', 'b: [x, y, z]']));
    expect(apply(s, removeItem(s, at(s, ['a']) as YAMLSeq, 1))).toBe(lf(['a:', '  - x', '  - z', 'b: [x, y, z]']));
    expect(apply(s, removeItem(s, at(s, ['b']) as YAMLSeq, 1))).toBe(lf(['a:', '  - x', '  - y # c', '  - z', 'b: [x, z]']));
    expect(apply(s, removeItem(s, at(s, ['b']) as YAMLSeq, 2))).toBe(lf(['a:', '  - x', '  - y # c', '  - z', 'b: [x, y]']));
    const one = src(lf(['b: [x]']));
    expect(apply(one, removeItem(one, at(one, ['b']) as YAMLSeq, 0))).toBe(lf(['b: []']));
  });
});

describe('removal', () => {
  it('removes a key with its lines and same-line comment, keeping comments above', () => {
    const s = src(lf(['web:', '  # why', '  privileged: true # yes', '  image: x']));
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'privileged'))).toBe(lf(['web:', '  # why', '  image: x']));
  });

  it('removes a key whose value is a block collection', () => {
    const s = src(lf(['web:', '  sec:', '    - a', '    - b', '  image: x']));
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'sec'))).toBe(lf(['web:', '  image: x']));
  });

  it('keeps the comment lines inside a removed block (not the text of a block scalar)', () => {
    const s = src(lf(['web:', '  sec:', '    # first one for the proxy', '    - a', '    - |', '      # script text', '      run', '  image: x']));
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'sec'))).toBe(lf(['web:', '    # first one for the proxy', '  image: x']));
  });

  it('removes the last key of a file without a final newline', () => {
    const s = src('web:\n  image: x\n  privileged: true');
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'privileged'))).toBe('web:\n  image: x');
  });

  it('removes the first key of a sequence item map, keeping the dash', () => {
    const s = src(lf(['c:', '  - name: a', '    image: b']));
    expect(apply(s, removeKey(s, at(s, ['c', 0]) as YAMLMap, 'name'))).toBe(lf(['c:', '  - image: b']));
  });

  it('removes from flow maps', () => {
    const s = src(lf(['web: {image: x, privileged: true, user: a}']));
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'privileged'))).toBe(lf(['web: {image: x, user: a}']));
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'user'))).toBe(lf(['web: {image: x, privileged: true}']));
  });

  it('prunes parents left empty to the outermost `key: {}`, which stays where it is', () => {
    const s = src(lf(['web:', '  image: x', '  deploy:', '    resources:', '      limits:', '        cpus: 2  # was 4', '  user: a', 'db: 1']));
    const out = apply(s, removeIn(s, at(s, ['web']) as YAMLMap, ['deploy', 'resources', 'limits', 'cpus'], {prune: true}));
    expect(out).toBe(lf(['web:', '  image: x', '  deploy: {}', '  user: a', 'db: 1']));
    // A later fix that adds to it writes its lines there, not at the end of `web`.
    const again = src(out);
    expect(apply(again, setIn(again, at(again, ['web']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], '512M'))).toBe(
      lf(['web:', '  image: x', '  deploy:', '    resources:', '      limits:', '        memory: 512M', '  user: a', 'db: 1']),
    );
    expect(removeIn(s, at(s, ['web']) as YAMLMap, ['deploy', 'resources', 'limits', 'memory'], {prune: true})).toEqual([]);
  });

  it('empties a collection where it stands, its line break inside the edit so an insertion after it conflicts', () => {
    const s = src(lf(['web:', '  security_opt:', '    - seccomp:unconfined  # debugger', '  image: x']));
    const edits = emptyValue(s, at(s, ['web']) as YAMLMap, 'security_opt');
    expect(apply(s, edits)).toBe(lf(['web:', '  security_opt: []', '  image: x']));
    const after = s.text.indexOf('  image');
    expect(edits[0]!.end).toBe(after);
    const flowSrc = src(lf(['web:', '  security_opt: [a, b]']));
    expect(apply(flowSrc, emptyValue(flowSrc, at(flowSrc, ['web']) as YAMLMap, 'security_opt'))).toBe(lf(['web:', '  security_opt: []']));
  });

  it('prunes only what is empty, and in flow mappings removes the entry', () => {
    let s = src(lf(['web:', '  securityContext:', '    privileged: true', '    runAsUser: 1']));
    expect(apply(s, removeIn(s, at(s, ['web']) as YAMLMap, ['securityContext', 'privileged'], {prune: true}))).toBe(lf(['web:', '  securityContext:', '    runAsUser: 1']));
    s = src(lf(['web:', '  securityContext: {privileged: true}']));
    expect(apply(s, removeIn(s, at(s, ['web']) as YAMLMap, ['securityContext', 'privileged'], {prune: true}))).toBe(lf(['web:', '  securityContext: {}']));
  });

  it('removes on CRLF without leaving a blank line', () => {
    const s = src(crlf(['web:', '  privileged: true', '  image: x']));
    expect(apply(s, removeKey(s, at(s, ['web']) as YAMLMap, 'privileged'))).toBe(crlf(['web:', '  image: x']));
  });
});

describe('JSON sources stay JSON', () => {
  const json = ['{', '  "apiVersion": "v1",', '  "kind": "Pod",', '  "spec": {', '    "containers": [', '      {', '        "name": "web",', '        "image": "x"', '      }', '    ]', '  }', '}'].join('\n') + '\n';

  it('adds a nested path with JSON syntax', () => {
    const s = src(json, 'pod.json');
    const c = s.docs[0]!.getIn(['spec', 'containers', 0], true) as YAMLMap;
    const out = applyEdits(s.text, setIn(s, c, ['securityContext', 'capabilities', 'drop'], ['ALL']));
    expect(JSON.parse(out).spec.containers[0]).toEqual({name: 'web', image: 'x', securityContext: {capabilities: {drop: ['ALL']}}});
    expect(out).toContain('        "image": "x",\n        "securityContext": {\n          "capabilities": {\n            "drop": [\n              "ALL"\n            ]\n          }\n        }\n      }');
  });

  it('appends to JSON arrays and replaces values', () => {
    const s = src(json, 'pod.json');
    const containers = s.docs[0]!.getIn(['spec', 'containers'], true) as YAMLSeq;
    const out = applyEdits(s.text, appendItems(s, containers, [{name: 'side', image: 'y'}]));
    expect(JSON.parse(out).spec.containers[1]).toEqual({name: 'side', image: 'y'});
    const c = containers.items[0] as YAMLMap;
    const out2 = applyEdits(s.text, setKey(s, c, 'image', 'z:1'));
    expect(JSON.parse(out2).spec.containers[0].image).toBe('z:1');
    expect(out2.split('\n').filter((l, i) => l !== json.split('\n')[i])).toEqual(['        "image": "z:1"']);
  });

  it('removes a JSON key', () => {
    const s = src(json, 'pod.json');
    const c = s.docs[0]!.getIn(['spec', 'containers', 0], true) as YAMLMap;
    expect(JSON.parse(applyEdits(s.text, removeKey(s, c, 'image'))).spec.containers[0]).toEqual({name: 'web'});
    expect(JSON.parse(applyEdits(s.text, removeKey(s, c, 'name'))).spec.containers[0]).toEqual({image: 'x'});
  });

  it('extends a one-line JSON object', () => {
    const s = src('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}\n', 'p.json');
    const out = applyEdits(s.text, setIn(s, root(s), ['metadata', 'labels', 'app'], 'x'));
    expect(out).toBe('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"app": "x"}}}\n');
  });
});

describe('nestedFirst: a fix\'s own insertions at one offset', () => {
  it('puts items appended to an indentless list before a key of the same mapping, and both before a parent key', () => {
    const s = src(lf(['containers:', '- name: web', '  volumeMounts:', '  - name: data', '    mountPath: /data']));
    const c = (s.docs[0]!.getIn(['containers', 0], true) as YAMLMap);
    const end = s.text.length;
    const key: Edit = {file: s.path, start: end, end, text: '  securityContext:\n    runAsUser: 101\n'};
    const parent = setKey(s, root(s), 'volumes', flow([]));
    const items = appendIn(s, c, ['volumeMounts'], [{name: 'tmp', mountPath: '/tmp'}]);
    const ordered = nestedFirst([...parent, key, ...items]);
    expect(ordered.map((e) => e.text.trim().split('\n')[0])).toEqual(['- name: tmp', 'securityContext:', 'volumes: []']);
    expect(apply(s, ordered)).toBe(
      lf(['containers:', '- name: web', '  volumeMounts:', '  - name: data', '    mountPath: /data', '  - name: tmp', '    mountPath: /tmp', '  securityContext:', '    runAsUser: 101', 'volumes: []']),
    );
  });
});
