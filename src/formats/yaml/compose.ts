/**
 * Reading Compose files: services, what they run (image, build), their ports and bind mounts, and
 * where a finding about them points. Keys are read merge-aware (nodes.ts `lookup`): a `build:`,
 * `image:` or any other key a service inherits through `<<: *anchor` counts as its own.
 *
 *   services(src)         every service of every document, in order
 *   lookup(svc, 'user')   a key of a service, own or merged (`{owner, pair, value, merged}`)
 *   composeBuild(svc)     the build context and Dockerfile a service builds, or null
 */
import {posix} from 'node:path';
import {isMap, isScalar, type Document, type Node, type Pair, type YAMLMap} from 'yaml';
import type {YamlSource} from '../../core/source.js';
import {deref, lookup, ownPair, scalarOf, seqStrings, type AnyNode} from './nodes.js';

export interface Service {
  name: string;
  /** The `name:` pair of the service under `services:`. */
  pair: Pair<Node, Node | null>;
  /** The service's own mapping (edit here to change only this service). */
  map: YAMLMap;
  doc: Document.Parsed;
  src: YamlSource;
}

/** Every service of every document of a Compose file, in order. */
export function services(src: YamlSource): Service[] {
  const out: Service[] = [];
  for (const doc of src.docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const svcs = deref(ownPair(root, 'services')?.value, doc);
    if (!isMap(svcs)) continue;
    for (const pair of svcs.items as Pair<Node, Node | null>[]) {
      const map = deref(pair.value, doc);
      if (!isMap(map) || !isScalar(pair.key)) continue;
      out.push({name: String(pair.key.value), pair, map, doc, src});
    }
  }
  return out;
}

/** The service's `image:` (own or merged), or null. */
export function image(svc: Service): string | null {
  return scalarOf(lookup(svc, 'image')?.value);
}

/**
 * True when a service runs a container: it has an `image:` or a `build:`. A service with neither
 * (a base that others `extends`, a fragment completed elsewhere) is left to the services using it.
 */
export function runsContainer(svc: Service): boolean {
  return image(svc) !== null || lookup(svc, 'build') !== undefined;
}

export interface ComposeBuildSpec {
  /** The build context folder, project-relative (`services/api`). */
  context: string;
  /** The Dockerfile's project path (`services/api/Dockerfile`). */
  dockerfile: string;
  /** The `build.target` stage, or null for the final stage. */
  target: string | null;
  /** `build.args` (map or `NAME=value` list), as written; a name without a value is left out. */
  args: Map<string, string>;
}

/**
 * What a service builds: `build: ./dir` or `build: {context, dockerfile, target}`, own or merged,
 * resolved against the Compose file's folder. Null without `build:`, and for a remote context (a
 * git or https URL), whose Dockerfile is not in the repository.
 */
export function composeBuild(svc: Service): ComposeBuildSpec | null {
  const build = lookup(svc, 'build')?.value;
  let context = '.';
  let dockerfile = 'Dockerfile';
  let target: string | null = null;
  let args = new Map<string, string>();
  if (isScalar(build)) context = scalarOf(build) ?? '.';
  else if (isMap(build)) {
    context = scalarOf(lookup(svc.doc, build, 'context')?.value) ?? '.';
    dockerfile = scalarOf(lookup(svc.doc, build, 'dockerfile')?.value) ?? 'Dockerfile';
    target = scalarOf(lookup(svc.doc, build, 'target')?.value);
    // A bare `- NAME` (or `NAME:`) passes the variable of the environment Compose runs in: `${NAME}`.
    args = keyValues(lookup(svc.doc, build, 'args')?.value, (name) => `\${${name}}`);
  } else return null;
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@')) return null;
  const dir = posix.normalize(posix.join(posix.dirname(svc.src.path), context));
  return {context: dir, dockerfile: posix.normalize(posix.join(dir, dockerfile)), target, args};
}

/** The repo path of the Dockerfile a service is built from, or null (see composeBuild). */
export function buildDockerfile(svc: Service): string | null {
  return composeBuild(svc)?.dockerfile ?? null;
}

/** Offsets for a finding on a service: its name key. */
export function svcRange(svc: Service): {start: number; end: number} {
  const r = (svc.pair.key as Node).range!;
  return {start: r[0], end: r[1]};
}

/** Offsets of a node or a pair's key (or the service name when it has no range). */
export function rangeOf(svc: Service, node: AnyNode | Pair): {start: number; end: number} {
  const n = (node && 'key' in (node as object) ? (node as Pair).key : node) as AnyNode;
  if (n?.range) return {start: n.range[0], end: n.range[1]};
  return svcRange(svc);
}

/** The logical locator of a service or one of its keys: `services.web.ports`. */
export function locator(svc: Service, key?: string): string {
  return key ? `services.${svc.name}.${key}` : `services.${svc.name}`;
}

export interface Port {
  node: AnyNode;
  /** Long syntax: the mapping. */
  map: YAMLMap | null;
  hostIp: string | null;
  published: string | null;
  target: number | null;
}

/** Parses a service's `ports:` (short `[ip:][host:]container[/proto]` and long syntax). */
export function ports(svc: Service): Port[] {
  const out: Port[] = [];
  for (const {node: item, text} of seqStrings(lookup(svc, 'ports')?.value)) {
    if (isMap(item)) {
      const target = Number(scalarOf(ownPair(item, 'target')?.value));
      out.push({node: item, map: item, hostIp: scalarOf(ownPair(item, 'host_ip')?.value) || null, published: scalarOf(ownPair(item, 'published')?.value), target: Number.isFinite(target) ? target : null});
      continue;
    }
    if (text === null) continue;
    out.push({node: item, map: null, ...parseShortPort(text)});
  }
  return out;
}

function parseShortPort(text: string): {hostIp: string | null; published: string | null; target: number | null} {
  const noProto = text.replace(/\/(tcp|udp|sctp)$/i, '');
  let hostIp: string | null = null;
  let rest = noProto;
  const v6 = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1]!;
    rest = v6[2]!;
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift()!;
  const container = parts.at(-1)!;
  const published = parts.length === 2 ? parts[0]! : null;
  const first = Number(container.split('-')[0]);
  return {hostIp: hostIp === '' ? null : hostIp, published, target: Number.isFinite(first) && container !== '' ? first : null};
}

/** Container ports a service listens on (published targets and `expose`). */
export function containerPorts(svc: Service): number[] {
  const list = ports(svc).map((p) => p.target).filter((n): n is number => n !== null);
  for (const e of seqStrings(lookup(svc, 'expose')?.value)) {
    const n = Number((e.text ?? '').split(/[-/]/)[0]);
    if (Number.isFinite(n)) list.push(n);
  }
  return list;
}

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
  start: number;
  end: number;
}

/** Bind mounts of a service's `volumes:` (short `src:dst[:mode]` and long syntax). */
export function bindMounts(svc: Service): BindMount[] {
  const out: BindMount[] = [];
  for (const item of seqStrings(lookup(svc, 'volumes')?.value)) {
    const node = item.node;
    const range = node?.range ?? [0, 0];
    if (item.text !== null) {
      const parts = item.text.split(':');
      if (parts.length < 2) continue;
      const named = parts[0]!;
      const source = named.startsWith('/') || named.startsWith('~') ? named : namedVolumeDevice(svc, named);
      if (source === null) continue;
      const mode = parts[2] ?? '';
      out.push({source, target: parts[1]!, readOnly: mode.split(',').includes('ro'), start: range[0], end: range[1]});
    } else if (isMap(node)) {
      const type = scalarOf(ownPair(node, 'type')?.value);
      const declared = scalarOf(ownPair(node, 'source')?.value) ?? '';
      const source = type === 'bind' ? declared : type === 'volume' ? namedVolumeDevice(svc, declared) : null;
      if (source === null) continue;
      const ro = ownPair(node, 'read_only')?.value;
      out.push({source, target: scalarOf(ownPair(node, 'target')?.value) ?? '', readOnly: scalarOf(ro) === 'true', start: range[0], end: range[1]});
    }
  }
  return out;
}

/** Where a mount of a service comes from: its `volumes:` (short or long syntax) or its `tmpfs:`. */
export interface Mount {
  target: string;
  via: 'volumes' | 'tmpfs';
}

function normalTarget(path: string): string {
  return posix.normalize(path).replace(/(.)\/$/, '$1');
}

/**
 * Every container path a service mounts something on: `volumes:` in short syntax (`src:dst[:mode]`,
 * or `dst` alone for an anonymous volume) and long syntax (`target:`, any `type:`, tmpfs included),
 * and `tmpfs:` (a string or a list of `path[:options]`). Paths come normalised (`/tmp/` is `/tmp`).
 */
export function mounts(svc: Service): Mount[] {
  const out: Mount[] = [];
  for (const item of seqStrings(lookup(svc, 'volumes')?.value)) {
    if (item.text !== null) {
      const parts = item.text.split(':');
      const target = parts.length >= 2 ? parts[1]! : parts[0]!;
      if (target) out.push({target: normalTarget(target), via: 'volumes'});
    } else if (isMap(item.node)) {
      const target = scalarOf(ownPair(item.node, 'target')?.value);
      if (target) out.push({target: normalTarget(target), via: 'volumes'});
    }
  }
  const tmpfs = lookup(svc, 'tmpfs')?.value;
  const single = scalarOf(tmpfs);
  const paths = single !== null ? [single] : seqStrings(tmpfs).flatMap((t) => (t.text !== null ? [t.text] : []));
  for (const path of paths) {
    const target = path.split(':')[0]!;
    if (target) out.push({target: normalTarget(target), via: 'tmpfs'});
  }
  return out;
}

/**
 * A service's `environment:` as name -> value, in map (`NAME: value`) or list (`NAME=value`) form,
 * own or merged. A name without a value (`- NAME`, `NAME:`) is left out: it comes from the shell.
 */
export function environment(svc: Service): Map<string, string> {
  return keyValues(lookup(svc, 'environment')?.value);
}

/**
 * `NAME: value` pairs of a mapping or `NAME=value` items of a list (environment, build.args). A
 * name without a value is left out, or given `bare(name)`.
 */
function keyValues(env: AnyNode, bare?: (name: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  if (isMap(env)) {
    for (const pair of env.items as Pair<Node, Node | null>[]) {
      const name = scalarOf(pair.key);
      const value = scalarOf(pair.value) ?? (name !== null && bare ? bare(name) : null);
      if (name !== null && value !== null) out.set(name, value);
    }
  } else {
    for (const {text} of seqStrings(env)) {
      const eq = text?.indexOf('=') ?? -1;
      if (text && eq > 0) out.set(text.slice(0, eq), text.slice(eq + 1));
      else if (text && eq === -1 && bare) out.set(text, bare(text));
    }
  }
  return out;
}

/**
 * The host path a named volume binds: the local driver's `driver_opts: {type: none, o: bind,
 * device: /path}` under the file's top-level `volumes:`. Null for an ordinary named volume.
 */
function namedVolumeDevice(svc: Service, name: string): string | null {
  const root = svc.doc.contents;
  if (!name || !isMap(root)) return null;
  const volumes = deref(ownPair(root, 'volumes')?.value, svc.doc);
  const volume = isMap(volumes) ? deref(ownPair(volumes, name)?.value, svc.doc) : null;
  const opts = isMap(volume) ? deref(ownPair(volume, 'driver_opts')?.value, svc.doc) : null;
  if (!isMap(opts)) return null;
  const o = scalarOf(deref(ownPair(opts, 'o')?.value, svc.doc)) ?? '';
  const device = scalarOf(deref(ownPair(opts, 'device')?.value, svc.doc));
  return o.split(',').map((x) => x.trim()).includes('bind') && device ? device : null;
}
