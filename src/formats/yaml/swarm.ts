/**
 * Whether a Compose file is a Swarm stack file: `docker stack deploy` reads it (a script or CI step
 * of the repository names it with `-c`/`--compose-file`), or it uses `deploy:` keys only Swarm
 * knows (`mode: global`, `placement`, `update_config`, `rollback_config`, `endpoint_mode`).
 * Swarm ignores `restart:`, `mem_limit`, `cpus`, `pids_limit` and the other container-level
 * limits: fixes write `deploy.restart_policy` and `deploy.resources` there instead.
 */
import {posix} from 'node:path';
import {isMap} from 'yaml';
import type {Project} from '../../core/project.js';
import type {YamlSource} from '../../core/source.js';
import {services} from './compose.js';
import {lookupPath, scalarOf} from './nodes.js';

const SWARM_ONLY = ['placement', 'update_config', 'rollback_config', 'endpoint_mode'];

/** `docker stack deploy … -c FILE` (also `--compose-file FILE`, `-c=FILE`, several -c): the files named. */
const STACK_DEPLOY = /\bdocker[ \t]+stack[ \t]+(?:deploy|up)\b([^\n;&|]*)/g;

function stackFilesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STACK_DEPLOY)) {
    for (const f of m[1]!.matchAll(/(?:^|\s)(?:-c|--compose-file)(?:[ \t]+|=)["']?([^\s"']+)/g)) out.push(f[1]!);
  }
  return out;
}

/** Basenames and paths of the Compose files `docker stack deploy` reads somewhere in the repository (a project memo). */
function stackFiles(project: Project): Set<string> {
  const found = new Set<string>();
  for (const source of project.sources) {
    if (source.kind !== 'script' && source.kind !== 'ci') continue;
    for (const file of stackFilesIn(source.text)) {
      found.add(posix.normalize(posix.join(posix.dirname(source.path), file)));
      found.add(posix.basename(file));
    }
  }
  return found;
}

/** Why the file is a Swarm stack file, or null when it is not known to be one. */
export function swarmStack(src: YamlSource, project?: Project): string | null {
  for (const svc of services(src)) {
    const deploy = lookupPath(svc, ['deploy'])?.value;
    if (!isMap(deploy)) continue;
    const key = SWARM_ONLY.find((k) => lookupPath(svc, ['deploy', k]));
    if (key) return `service "${svc.name}" sets deploy.${key}, which only Swarm reads`;
    if (scalarOf(lookupPath(svc, ['deploy', 'mode'])?.value) === 'global') return `service "${svc.name}" sets deploy.mode: global, which only Swarm reads`;
  }
  if (project) {
    const files = project.memo(stackFiles);
    if (files.has(src.path) || (!src.path.includes('/') && files.has(posix.basename(src.path)))) return '`docker stack deploy` reads this file';
  }
  return null;
}
