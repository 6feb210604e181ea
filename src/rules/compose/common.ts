/**
 * Shared reading of Compose files for the C2xx rules: services, their effective keys (own or merged
 * through `<<: *anchor`), ports, volumes, environment, and the limits style of a file.
 */
import {posix} from 'node:path';
import {isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq} from 'yaml';
import type {Edit, FixParam} from '../../core/model.js';
import type {RuleContext} from '../../core/rule.js';
import type {YamlSource} from '../../core/source.js';
import {effectivePair, findPair, resolve} from '../../formats/yaml/edit.js';

export interface Service {
  name: string;
  /** The `name:` pair of the service under `services:`. */
  pair: Pair<Node, Node | null>;
  /** The service's own mapping (edit here to change only this service). */
  map: YAMLMap;
  doc: Document.Parsed;
  src: YamlSource;
}

type AnyNode = Node | null | undefined;

/** Every service of every document of a Compose file, in order. */
export function services(src: YamlSource): Service[] {
  const out: Service[] = [];
  for (const doc of src.docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const svcs = resolve(findPair(root, 'services')?.value, doc);
    if (!isMap(svcs)) continue;
    for (const pair of svcs.items as Pair<Node, Node | null>[]) {
      const map = resolve(pair.value, doc);
      if (!isMap(map) || !isScalar(pair.key)) continue;
      out.push({name: String(pair.key.value), pair, map, doc, src});
    }
  }
  return out;
}

export interface Lookup {
  /** The mapping that holds the pair: the service's own, or an anchored one merged into it. */
  owner: YAMLMap;
  pair: Pair<Node, AnyNode>;
  /** The value with aliases resolved. */
  value: AnyNode;
  merged: boolean;
}

/** A key of a service, own or merged in (`<<: *defaults`). */
export function lookup(svc: Service, key: string): Lookup | undefined {
  const found = effectivePair(svc.doc, svc.map, key);
  if (!found) return undefined;
  return {...found, value: resolve(found.pair.value, svc.doc)};
}

/** A nested key of a service (`deploy.resources.limits.memory`), following merges at each level. */
export function lookupPath(svc: Service, path: readonly string[]): Lookup | undefined {
  let map: YAMLMap = svc.map;
  let found: Lookup | undefined;
  for (let i = 0; i < path.length; i++) {
    const f = effectivePair(svc.doc, map, path[i]!);
    if (!f) return undefined;
    const value = resolve(f.pair.value, svc.doc);
    found = {...f, value, merged: f.merged || (found?.merged ?? false)};
    if (i < path.length - 1) {
      if (!isMap(value)) return undefined;
      map = value;
    }
  }
  return found;
}

export function scalarOf(node: AnyNode): string | null {
  if (!isScalar(node) || node.value === null || node.value === undefined) return null;
  return String(node.value);
}

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

/** The repo path of the Dockerfile a service is built from, or null without `build:`. */
export function buildDockerfile(svc: Service): string | null {
  const build = lookup(svc, 'build')?.value;
  if (!build) return null;
  const dir = posix.dirname(svc.src.path);
  let context = '.';
  let dockerfile = 'Dockerfile';
  if (isScalar(build)) context = String(build.value ?? '.');
  else if (isMap(build)) {
    context = scalarOf(findPair(build, 'context')?.value) ?? '.';
    dockerfile = scalarOf(findPair(build, 'dockerfile')?.value) ?? 'Dockerfile';
  } else return null;
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@')) return null;
  return posix.normalize(posix.join(dir, context, dockerfile));
}

/** The `build.target` stage a service builds, or null for the final stage. */
export function buildTarget(svc: Service): string | null {
  const build = lookup(svc, 'build')?.value;
  return isMap(build) ? scalarOf(findPair(build, 'target')?.value) : null;
}

/** Offsets for a finding on a service: its name key. */
export function svcRange(svc: Service): {start: number; end: number} {
  const r = (svc.pair.key as Node).range!;
  return {start: r[0], end: r[1]};
}

/** Offsets of a node (or the service name when the node has no range). */
export function rangeOf(svc: Service, node: AnyNode | Pair): {start: number; end: number} {
  const n = (node && 'key' in (node as object) ? (node as Pair).key : node) as AnyNode;
  if (n?.range) return {start: n.range[0], end: n.range[1]};
  return svcRange(svc);
}

export function locator(svc: Service, key?: string): string {
  return key ? `services.${svc.name}.${key}` : `services.${svc.name}`;
}

/** The items of a sequence value (scalars as strings; other items as null). */
export function seqStrings(node: AnyNode): Array<{text: string | null; node: AnyNode; index: number}> {
  if (!isSeq(node)) return [];
  return (node.items as AnyNode[]).map((n, index) => ({text: scalarOf(n), node: n, index}));
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
  const seq = lookup(svc, 'ports')?.value;
  if (!isSeq(seq)) return out;
  for (const item of seq.items as AnyNode[]) {
    if (isMap(item)) {
      const target = Number(scalarOf(findPair(item, 'target')?.value));
      out.push({node: item, map: item, hostIp: scalarOf(findPair(item, 'host_ip')?.value), published: scalarOf(findPair(item, 'published')?.value), target: Number.isFinite(target) ? target : null});
      continue;
    }
    const text = scalarOf(item);
    if (text === null) continue;
    out.push({node: item, map: null, ...parseShortPort(text)});
  }
  return out;
}

export function parseShortPort(text: string): {hostIp: string | null; published: string | null; target: number | null} {
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

export type LimitsStyle = 'deploy' | 'legacy';
const LEGACY_LIMITS = ['mem_limit', 'mem_reservation', 'cpus', 'pids_limit', 'cpu_quota', 'memswap_limit'];

/**
 * Which form limits are written in for a service: `deploy.resources.limits` where the service
 * has it, the legacy keys (`mem_limit`, `cpus`, `pids_limit`) where the service uses them, and
 * otherwise the file's form (legacy only when some service uses it and none uses deploy limits).
 */
export function limitsStyle(svc: Service, all: readonly Service[]): LimitsStyle {
  const hasDeploy = (s: Service) => isMap(lookupPath(s, ['deploy', 'resources', 'limits'])?.value) || isMap(lookupPath(s, ['deploy', 'resources', 'reservations'])?.value);
  const hasLegacy = (s: Service) => LEGACY_LIMITS.some((k) => lookup(s, k) !== undefined);
  if (hasDeploy(svc)) return 'deploy';
  if (hasLegacy(svc)) return 'legacy';
  if (all.some(hasLegacy) && !all.some(hasDeploy)) return 'legacy';
  return 'deploy';
}

export function param(ctx: RuleContext, name: string, label: string, validate?: (v: string) => string | null): FixParam {
  return {name, label, default: ctx.param(name), ...(validate ? {validate} : {})};
}

/** Joins the edit lists of several helpers (they must not overlap). */
export function all(...lists: Edit[][]): Edit[] {
  return lists.flat();
}

export function seqOf(node: AnyNode): YAMLSeq | null {
  return isSeq(node) ? node : null;
}

/** True when the key lives in a mapping several services merge (an anchor / `x-` extension). */
export function sharedNote(found: Lookup | undefined): string {
  return found?.merged ? ' (the value lives in a shared anchor; the fix changes it there, for every service that merges it)' : '';
}
