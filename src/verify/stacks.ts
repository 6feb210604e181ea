/**
 * Which Compose projects verify starts, read from the scanned project: in each folder, the default
 * Compose file (`compose.yaml`, `compose.yml`, `docker-compose.yaml`, `docker-compose.yml`, the first
 * found, as `docker compose up` picks it) with its override file; in a folder without one, each
 * Compose file on its own. Other Compose files beside a default one are listed as not started.
 *
 * A stack that would write to the host (a writable bind mount of an absolute path, a container
 * engine socket, a named volume bound to a host folder) is not started: verify must leave
 * everything outside its temporary copy as it was.
 */
import {posix} from 'node:path';
import type {Project} from '../core/project.js';
import type {YamlSource} from '../core/source.js';
import type {ServiceSpec, StackSpec} from './model.js';

const DEFAULTS = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDES: Record<string, string[]> = {
  compose: ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'],
  'docker-compose': ['docker-compose.override.yaml', 'docker-compose.override.yml', 'compose.override.yaml', 'compose.override.yml'],
};
const SOCKET = /(^|\/)(docker|podman|containerd)\.sock$/;

type Plain = Record<string, unknown>;
const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The plain value of each document of a Compose file (anchors and `<<` merges resolved). */
function documents(src: YamlSource): Plain[] {
  return src.docs.map((d) => d.toJS({maxAliasCount: 1000}) as unknown).filter(isObject);
}

export function findStacks(project: Project): StackSpec[] {
  const byDir = new Map<string, YamlSource[]>();
  for (const src of project.ofKind('compose')) {
    const dir = posix.dirname(src.path);
    (byDir.get(dir) ?? byDir.set(dir, []).get(dir)!).push(src);
  }
  const stacks: StackSpec[] = [];
  for (const [dir, sources] of [...byDir].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const byName = new Map(sources.map((s) => [posix.basename(s.path), s]));
    const main = DEFAULTS.find((n) => byName.has(n));
    if (main) {
      const override = OVERRIDES[main.replace(/\.ya?ml$/, '')]!.find((n) => byName.has(n));
      const files = [byName.get(main)!, ...(override ? [byName.get(override)!] : [])];
      stacks.push(stackOf(dir, files));
      for (const src of sources) {
        if (files.includes(src)) continue;
        stacks.push({id: src.path, dir, files: [src.path], services: [], skip: `not started: verify starts the folder's default Compose file, ${posix.join(dir, main)}`, renames: {volumes: [], networks: []}});
      }
      continue;
    }
    for (const src of sources.filter((s) => !/\.override\.ya?ml$/.test(s.path)).sort((a, b) => (a.path < b.path ? -1 : 1))) stacks.push(stackOf(dir, [src]));
  }
  return stacks;
}

function stackOf(dir: string, sources: YamlSource[]): StackSpec {
  const merged = new Map<string, Plain>();
  const volumes = new Map<string, Plain>();
  const networks = new Map<string, Plain>();
  for (const src of sources) {
    for (const doc of documents(src)) {
      if (isObject(doc.services)) {
        for (const [name, value] of Object.entries(doc.services)) merged.set(name, {...(merged.get(name) ?? {}), ...(isObject(value) ? value : {})});
      }
      if (isObject(doc.volumes)) for (const [name, value] of Object.entries(doc.volumes)) volumes.set(name, {...(volumes.get(name) ?? {}), ...(isObject(value) ? value : {})});
      if (isObject(doc.networks)) for (const [name, value] of Object.entries(doc.networks)) networks.set(name, {...(networks.get(name) ?? {}), ...(isObject(value) ? value : {})});
    }
  }
  // Volumes and networks with a name of their own (or external ones) would be the user's: verify renames them.
  const shared = (m: ReadonlyMap<string, Plain>) => [...m].filter(([, v]) => v.name !== undefined || Boolean(v.external)).map(([k]) => k);
  const services: ServiceSpec[] = [];
  let skip: string | null = null;
  for (const [name, svc] of merged) {
    if (svc.image === undefined && svc.build === undefined) continue;
    // Services with profiles only start when asked for (`--profile`); `up` leaves them out.
    if (Array.isArray(svc.profiles) && svc.profiles.length > 0) continue;
    const build = buildOf(dir, svc.build);
    services.push({
      name,
      dockerfile: build?.dockerfile ?? null,
      context: build?.context ?? null,
      image: typeof svc.image === 'string' ? svc.image : null,
      dependsOn: Array.isArray(svc.depends_on) ? svc.depends_on.map(String) : isObject(svc.depends_on) ? Object.keys(svc.depends_on) : [],
      containerName: typeof svc.container_name === 'string' ? svc.container_name : null,
    });
    skip ??= hostWrite(name, svc, volumes);
  }
  return {
    id: sources[0]!.path,
    dir,
    files: sources.map((s) => s.path),
    services,
    skip: skip && `not started: ${skip} (verify writes nothing outside its temporary copy)`,
    renames: {volumes: shared(volumes), networks: shared(networks)},
  };
}

function buildOf(dir: string, build: unknown): {context: string; dockerfile: string} | null {
  let context = '.';
  let dockerfile = 'Dockerfile';
  if (typeof build === 'string') context = build;
  else if (isObject(build)) {
    if (typeof build.context === 'string') context = build.context;
    if (typeof build.dockerfile === 'string') dockerfile = build.dockerfile;
  } else return null;
  if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@')) return null;
  const ctx = posix.normalize(posix.join(dir, context));
  return {context: ctx, dockerfile: posix.normalize(posix.join(ctx, dockerfile))};
}

/** Why starting this service would write outside the temporary copy, or null. */
function hostWrite(name: string, svc: Plain, volumes: ReadonlyMap<string, Plain>): string | null {
  const mounts = Array.isArray(svc.volumes) ? svc.volumes : [];
  for (const m of mounts) {
    let source: string;
    let readOnly: boolean;
    let named = false;
    if (typeof m === 'string') {
      const parts = m.split(':');
      if (parts.length < 2) continue;
      source = parts[0]!;
      readOnly = (parts[2] ?? '').split(',').includes('ro');
      named = !/^[./~]/.test(source);
    } else if (isObject(m)) {
      source = typeof m.source === 'string' ? m.source : '';
      readOnly = m.read_only === true;
      named = m.type === 'volume';
    } else continue;
    if (named) {
      const device = (volumes.get(source)?.driver_opts as Plain | undefined)?.device;
      if (typeof device === 'string' && device.startsWith('/')) return `service ${name} uses volume ${source}, which is the host folder ${device}`;
      continue;
    }
    if (SOCKET.test(source)) return `service ${name} mounts the container engine socket ${source}`;
    if ((source.startsWith('/') || source.startsWith('~')) && !readOnly) return `service ${name} mounts the host folder ${source} writable`;
  }
  return null;
}
