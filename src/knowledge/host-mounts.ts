/**
 * Host folders a Compose service mounts over the folders of the image it builds: a development
 * setup (`./app:/usr/src/app`) puts the checkout, owned by the developer's user, where the
 * Dockerfile gives a new user the working directory. A user the Dockerfile makes cannot write there.
 */
import {posix} from 'node:path';
import {isMap} from 'yaml';
import type {Project} from '../core/project.js';
import type {Service} from '../formats/yaml/compose.js';
import {lookup, ownPair, scalarOf, seqStrings} from '../formats/yaml/nodes.js';
import {composeBuildsOf} from './image-source.js';

export interface HostMountOver {
  service: Service;
  /** The host side as written (`./app/`). */
  source: string;
  /** The container folder it covers. */
  target: string;
  /** The image folder it is on, in or over. */
  covers: string;
}

/** A host path as Compose writes one: relative (`./app`, `../src`), absolute, or under home. */
function isHostPath(source: string): boolean {
  return source === '.' || source === '..' || /^(\.\.?\/|\/|~)/.test(source);
}

/** The bind mounts of host folders in a service's `volumes:` (short and long syntax). */
export function hostBinds(svc: Service): Array<{source: string; target: string; readOnly: boolean}> {
  const out: Array<{source: string; target: string; readOnly: boolean}> = [];
  for (const item of seqStrings(lookup(svc, 'volumes')?.value)) {
    if (item.text !== null) {
      const [source, target, mode = ''] = item.text.split(':');
      if (source && target && isHostPath(source)) out.push({source, target: normal(target), readOnly: mode.split(',').includes('ro')});
    } else if (isMap(item.node)) {
      const type = scalarOf(ownPair(item.node, 'type')?.value);
      const source = scalarOf(ownPair(item.node, 'source')?.value);
      const target = scalarOf(ownPair(item.node, 'target')?.value);
      if (type === 'bind' && source && target) out.push({source, target: normal(target), readOnly: scalarOf(ownPair(item.node, 'read_only')?.value) === 'true'});
    }
  }
  return out;
}

const normal = (path: string) => posix.normalize(path).replace(/(.)\/$/, '$1');
const inside = (path: string, dir: string) => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);

/**
 * The writable host folders Compose services that build `dockerfilePath` mount on, in or over one
 * of `folders` (the final stage's working directory, the folders it makes to write).
 */
export function hostMountsOver(project: Project, dockerfilePath: string, folders: readonly string[]): HostMountOver[] {
  const out: HostMountOver[] = [];
  for (const build of composeBuildsOf(project, dockerfilePath)) {
    for (const bind of hostBinds(build.service)) {
      if (bind.readOnly) continue;
      const target = bind.target;
      const covers = folders.find((f) => inside(target, f) || inside(f, target));
      if (covers) out.push({service: build.service, source: bind.source, target, covers});
    }
  }
  return out;
}

/** `service "web" (docker-compose.yml) mounts ./app/ over /usr/src/app` for a message. */
export function describeHostMount(m: HostMountOver): string {
  return `Compose service "${m.service.name}" (${m.service.src.path}) mounts ${m.source} from the host on ${m.target}`;
}

/**
 * The repository's own start script a service runs (`entrypoint: /etc/sentry/entrypoint.sh` with
 * `./sentry:/etc/sentry` mounted): a path in its `entrypoint:` or `command:` that lies in a host
 * folder it mounts. What such a script writes at start is the repository's, not the image's.
 */
export function ownStartScript(svc: Service): {path: string; source: string} | null {
  const binds = hostBinds(svc);
  if (binds.length === 0) return null;
  for (const key of ['entrypoint', 'command']) {
    const value = lookup(svc, key)?.value;
    const single = scalarOf(value);
    const words = single !== null ? single.split(/\s+/) : seqStrings(value).flatMap((w) => (w.text !== null ? [w.text] : []));
    // The program it runs: the first word, or the script a shell or interpreter runs (`sh -c` runs a line, not a file).
    const interpreter = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|python3?|node|perl|ruby)$/.test(words[0] ?? '');
    const program = interpreter ? words.slice(1).find((w) => !w.startsWith('-')) : words[0];
    for (const word of program && !words.includes('-c') ? [program] : []) {
      if (!word.startsWith('/')) continue;
      const path = posix.normalize(word);
      const bind = binds.find((b) => path !== b.target && inside(path, b.target));
      if (bind) return {path, source: `${bind.source.replace(/\/$/, '')}/${posix.relative(bind.target, path)}`};
    }
  }
  return null;
}
