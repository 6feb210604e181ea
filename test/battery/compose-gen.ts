/**
 * Generated Compose files: services with the settings the C2xx rules read (images, builds, users,
 * privileges, capabilities, secrets in environment maps and lists, ports, mounts, limits,
 * healthchecks), written in mixed styles — block and flow, quoting, comments, `x-` anchors merged
 * with `<<:` — sometimes with the Dockerfile a service builds.
 */
import fc from 'fast-check';
import {entry, map, quoteStyle, renderDocument, scalar, seq, yStyle, type YEntry, type YNode} from './yaml-render.js';

const IMAGES = ['nginx:1.25', 'postgres:16', 'redis:7', 'redis:latest', 'node:20-alpine', 'python:3.12-slim', 'mysql:8.0', 'grafana/grafana:10.4.2', 'traefik:v3.0', 'busybox', 'wordpress:6.5-apache', 'ghcr.io/acme/api:1.2.3', '${REGISTRY:-ghcr.io}/acme/web:${TAG:-latest}'];

const ENV_VARS: Array<[string, string]> = [
  ['POSTGRES_PASSWORD', 'hunter2xyz-99'],
  ['MYSQL_ROOT_PASSWORD', 'r00tPassw0rd!'],
  ['API_KEY', 'sk_live_9aF3kLm2QpX7vRt8'],
  ['REDIS_PASSWORD', '${REDIS_PASSWORD}'],
  ['LOG_LEVEL', 'info'],
  ['NODE_ENV', 'production'],
  ['DATABASE_URL', 'postgres://app:pw123456@db:5432/app'],
  ['TOKEN_URL', 'https://auth.example.com/token'],
  ['PORT', '8080'],
];

/** A scalar in a random quoting style. */
const sc = (values: readonly string[]): fc.Arbitrary<YNode> => fc.tuple(fc.constantFrom(...values), quoteStyle).map(([v, q]) => scalar(v, q));
const flowOr = <T extends YNode>(node: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.tuple(node, fc.boolean()).map(([n, flow]) => ((n.t === 'map' || n.t === 'seq') && flow ? {...n, flow: true} : n));

const environment: fc.Arbitrary<YNode> = fc
  .tuple(fc.subarray(ENV_VARS, {minLength: 1, maxLength: 4}), fc.boolean(), quoteStyle, fc.boolean(), fc.boolean())
  .map(([vars, asList, quote, flow, duplicate]) => {
    const list = duplicate ? [...vars, vars[0]!] : vars;
    if (asList) return seq(list.map(([k, v]) => scalar(`${k}=${v}`, quote)), {flow});
    return map(vars.map(([k, v]) => entry(k, scalar(v, quote))), {flow});
  });

const deploy: fc.Arbitrary<YNode> = fc
  .record({memory: fc.option(fc.constantFrom('256M', '1G'), {nil: null}), cpus: fc.option(fc.constantFrom('0.5', '2'), {nil: null}), reservations: fc.boolean(), replicas: fc.boolean()})
  .map(({memory, cpus, reservations, replicas}) => {
    const limits: YEntry[] = [];
    if (memory) limits.push(entry('memory', scalar(memory)));
    if (cpus) limits.push(entry('cpus', scalar(cpus, 'double')));
    const resources: YEntry[] = [];
    if (limits.length > 0) resources.push(entry('limits', map(limits)));
    if (reservations) resources.push(entry('reservations', map([entry('memory', scalar('128M'))])));
    const entries: YEntry[] = [];
    if (replicas) entries.push(entry('replicas', scalar('2')));
    if (resources.length > 0) entries.push(entry('resources', map(resources)));
    return map(entries);
  });

/** Optional settings of a service, each a generator of an entry. */
const SETTINGS: Array<fc.Arbitrary<YEntry>> = [
  sc(['root', '1000:1000', 'app', '0']).map((v) => entry('user', v)),
  fc.constant(entry('privileged', scalar('true'))),
  flowOr(fc.subarray(['SYS_ADMIN', 'NET_ADMIN', 'NET_BIND_SERVICE', 'ALL'], {minLength: 1}).map((caps) => seq(caps.map((c) => scalar(c))))).map((v) => entry('cap_add', v)),
  flowOr(fc.constant(seq([scalar('ALL')]))).map((v) => entry('cap_drop', v)),
  environment.map((v) => entry('environment', v)),
  flowOr(fc.subarray(['8080:80', '127.0.0.1:5432:5432', '443:443', '9000'], {minLength: 1}).map((ps) => seq(ps.map((p) => scalar(p, 'double'))))).map((v) => entry('ports', v)),
  flowOr(fc.subarray(['/var/run/docker.sock:/var/run/docker.sock', './data:/data', 'cache:/cache', '/etc:/host-etc:ro'], {minLength: 1}).map((vs) => seq(vs.map((v) => scalar(v))))).map((v) => entry('volumes', v)),
  sc(['always', 'unless-stopped', 'no', 'on-failure']).map((v) => entry('restart', v)),
  fc.constant(entry('read_only', scalar('true'))),
  flowOr(fc.constantFrom(seq([scalar('no-new-privileges:true')]), seq([scalar('seccomp:unconfined')]), seq([scalar('apparmor=unconfined')]))).map((v) => entry('security_opt', v)),
  deploy.map((v) => entry('deploy', v)),
  fc.constant(entry('mem_limit', scalar('512m'))),
  fc.constant(entry('pids_limit', scalar('100'))),
  flowOr(fc.constant(map([entry('test', seq([scalar('CMD'), scalar('curl'), scalar('-f'), scalar('http://localhost')])), entry('interval', scalar('30s'))]))).map((v) => entry('healthcheck', v)),
  sc(['host', 'bridge']).map((v) => entry('network_mode', v)),
  fc.constant(entry('pid', scalar('host'))),
  sc(['npm start', 'python -m app']).map((v) => entry('command', v)),
  fc.constant(entry('tmpfs', seq([scalar('/tmp')]))),
];

interface ServiceSpec {
  name: string;
  image: string | null;
  build: 'none' | 'dot' | 'map';
  settings: YEntry[];
  merge: boolean;
  comments: boolean[];
}

const service: fc.Arbitrary<ServiceSpec> = fc.record({
  name: fc.constantFrom('web', 'api', 'db', 'cache', 'worker', 'proxy'),
  image: fc.option(fc.constantFrom(...IMAGES), {nil: null}),
  build: fc.constantFrom<ServiceSpec['build']>('none', 'none', 'dot', 'map'),
  settings: fc.array(fc.oneof(...SETTINGS), {maxLength: 6}),
  merge: fc.boolean(),
  comments: fc.array(fc.boolean(), {minLength: 8, maxLength: 8}),
});

export interface ComposeCase {
  files: Array<{path: string; text: string}>;
  crlf: boolean;
}

export const compose: fc.Arbitrary<ComposeCase> = fc
  .record({
    services: fc.uniqueArray(service, {minLength: 1, maxLength: 3, selector: (s) => s.name}),
    style: yStyle,
    anchor: fc.boolean(),
    topVolumes: fc.boolean(),
    header: fc.boolean(),
    crlf: fc.constantFrom(false, false, true),
    boms: fc.constantFrom(0, 0, 0, 1, 2),
    dockerfile: fc.constantFrom(null, 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n', 'FROM python:3.12-slim\nRUN pip install flask\nCMD python app.py\n'),
  })
  .map(({services, style, anchor, topVolumes, header, crlf, boms, dockerfile}) => {
    let comments = 0;
    const top: YEntry[] = [];
    if (anchor) top.push(entry('x-common', map([entry('restart', scalar('unless-stopped')), entry('logging', map([entry('driver', scalar('json-file'))]))], {anchor: 'common'}), {before: `c${++comments}`}));
    const svcEntries = services.map((s) => {
      const entries: YEntry[] = [];
      if (s.image) entries.push(entry('image', scalar(s.image, s.image.includes('$') ? 'double' : 'plain')));
      if (s.build === 'dot' || (!s.image && s.build === 'none')) entries.push(entry('build', scalar('.')));
      if (s.build === 'map') entries.push(entry('build', map([entry('context', scalar('.')), entry('dockerfile', scalar('Dockerfile'))])));
      for (const setting of s.settings) if (!entries.some((e) => e.key === setting.key) && !(anchor && s.merge && setting.key === 'restart')) entries.push({...setting});
      entries.forEach((e, i) => {
        if (s.comments[i % 8] && e.value.t === 'scalar') e.trailing = `c${++comments}`;
        else if (s.comments[(i + 3) % 8] && i > 0) e.before = `c${++comments}`;
      });
      return entry(s.name, map(entries, anchor && s.merge ? {merge: ['common']} : {}), s.comments[7] ? {before: `c${++comments}`} : {});
    });
    top.push(entry('services', map(svcEntries)));
    if (topVolumes) top.push(entry('volumes', map([entry('cache', map([]))])));
    let text = renderDocument(map(top), {style, header: header ? [`c${++comments} compose file`] : []});
    if (crlf) text = text.replace(/\n/g, '\r\n');
    const files = [{path: 'compose.yaml', text: '\uFEFF'.repeat(boms) + text}];
    if (dockerfile && services.some((s) => s.build !== 'none' || !s.image)) files.push({path: 'Dockerfile', text: crlf ? dockerfile.replace(/\n/g, '\r\n') : dockerfile});
    return {files, crlf};
  });
