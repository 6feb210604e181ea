/** What the Compose rules share beyond reading the file (formats/yaml/compose.ts): wording. */
import type {Found} from '../../formats/yaml/nodes.js';

/** True when the key lives in a mapping several services merge (an anchor / `x-` extension). */
export function sharedNote(found: Found | undefined): string {
  return found?.merged ? ' (the value lives in a shared anchor; the fix changes it there, for every service that merges it)' : '';
}

/** A Compose file with one service for rule docs: its image, its further keys and the top-level keys after `services:` (2-space YAML). */
export function composeExample(service: string, image: string, keys: readonly string[] = [], topLevel: readonly string[] = []): string {
  return ['```yaml', 'services:', `  ${service}:`, `    image: ${image}`, ...keys.map((l) => `    ${l}`), ...topLevel, '```'].join('\n');
}
