/**
 * What the Compose rules share beyond reading the file (formats/yaml/compose.ts): wording, and what
 * a service runs as its Dockerfile or its `user:` says.
 */
import type {Project} from '../../core/project.js';
import {composeBuild, type Service} from '../../formats/yaml/compose.js';
import {lookup, scalarOf, type Found} from '../../formats/yaml/nodes.js';
import {builtImage, type BuiltImage} from '../../knowledge/built-image.js';

/** True when the key lives in a mapping several services merge (an anchor / `x-` extension). */
export function sharedNote(found: Found | undefined): string {
  return found?.merged ? ' (the value lives in a shared anchor; the fix changes it there, for every service that merges it)' : '';
}

/** A Compose file with one service for rule docs: its image, its further keys and the top-level keys after `services:` (2-space YAML). */
export function composeExample(service: string, image: string, keys: readonly string[] = [], topLevel: readonly string[] = []): string {
  return ['```yaml', 'services:', `  ${service}:`, `    image: ${image}`, ...keys.map((l) => `    ${l}`), ...topLevel, '```'].join('\n');
}

/** What the Dockerfile a service is built from starts and writes (knowledge/built-image.ts), or null without one. */
export function builtImageOf(svc: Service, project: Project): BuiltImage | null {
  const build = composeBuild(svc);
  return build ? builtImage(project, build.dockerfile, build.target) : null;
}

/** True when the service's `user:` is a literal non-root user: it starts as that user and steps down from nothing. */
export function startsAsNonRootUser(svc: Service): boolean {
  const value = scalarOf(lookup(svc, 'user')?.value);
  if (value === null || value.includes('$')) return false;
  const name = value.split(':')[0]!;
  return name !== '' && name !== 'root' && name !== '0';
}
